from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.review_new, name="new"),
    path("compliance/", views.compliance, name="compliance"),
    path("rules/", views.rules, name="rules"),
    path("<int:pk>/", views.review_detail, name="review"),
    path("<int:pk>/meetings/add/", views.meeting_add, name="meeting_add"),
    path(
        "<int:pk>/meetings/<int:meeting_pk>/remove/",
        views.meeting_remove,
        name="meeting_remove",
    ),
    path("<int:pk>/recommendations/add/", views.recommendation_add, name="recommendation_add"),
    path("<int:pk>/<slug:stage>/", views.stage_edit, name="stage"),
]
