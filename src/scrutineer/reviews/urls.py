from django.urls import path

from . import views, views_learning, views_related

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.review_new, name="new"),
    path("compliance/", views.compliance, name="compliance"),
    path("rules/", views.rules, name="rules"),
    path("learning/", views_learning.learning, name="learning"),
    path("themes/", views_learning.themes, name="themes"),
    path("themes/add/", views_learning.theme_form, name="theme_add"),
    path("themes/across-reviews/", views_learning.themes_across, name="themes_across"),
    path("themes/<int:theme_pk>/", views_learning.theme_form, name="theme"),
    path("themes/<int:theme_pk>/delete/", views_learning.theme_delete, name="theme_delete"),
    path("<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/learning/", views_learning.review_learning, name="review_learning"),
    path("<int:pk>/learning/publish/", views_learning.learning_publish, name="learning_publish"),
    path("<int:pk>/findings/add/", views_learning.finding_form, name="finding_add"),
    path("<int:pk>/findings/<int:finding_pk>/", views_learning.finding_form, name="finding"),
    path(
        "<int:pk>/findings/<int:finding_pk>/delete/",
        views_learning.finding_delete,
        name="finding_delete",
    ),
    path("<int:pk>/briefing/", views_learning.briefing, name="briefing"),
    path("<int:pk>/briefing/edit/", views_learning.briefing_edit, name="briefing_edit"),
    path(
        "<int:pk>/briefing/download.<str:extension>",
        views_learning.briefing_download,
        name="briefing_download",
    ),
    path(
        "<int:pk>/rapid-review-report.docx",
        views_learning.rapid_review_report,
        name="rapid_review_report",
    ),
    path("<int:pk>/meetings/add/", views.meeting_add, name="meeting_add"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/remove/",
        views.meeting_remove,
        name="meeting_remove",
    ),
    path("<int:pk>/recommendations/add/", views.recommendation_add, name="recommendation_add"),
    path(
        "<int:pk>/requests/add/",
        views_related.information_request_form,
        name="information_request_add",
    ),
    path(
        "<int:pk>/requests/<int:request_pk>/",
        views_related.information_request_form,
        name="information_request",
    ),
    path(
        "<int:pk>/requests/<int:request_pk>/remove/",
        views_related.information_request_remove,
        name="information_request_remove",
    ),
    path(
        "<int:pk>/parallel/add/",
        views_related.parallel_process_form,
        name="parallel_process_add",
    ),
    path(
        "<int:pk>/parallel/<int:process_pk>/",
        views_related.parallel_process_form,
        name="parallel_process",
    ),
    path(
        "<int:pk>/parallel/<int:process_pk>/remove/",
        views_related.parallel_process_remove,
        name="parallel_process_remove",
    ),
    path("<int:pk>/<slug:stage>/", views.stage_edit, name="stage"),
]
