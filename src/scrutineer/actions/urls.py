from django.urls import path

from . import views

app_name = "actions"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.csv", views.export_csv, name="export"),
    path("recommendations/new/", views.recommendation_add, name="recommendation_add"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/add/", views.action_add, name="action_add"),
    path("<int:pk>/", views.action_detail, name="action"),
    path("<int:pk>/edit/", views.action_edit, name="action_edit"),
]
