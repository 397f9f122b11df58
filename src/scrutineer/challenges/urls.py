from django.urls import path

from . import views

app_name = "challenges"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.add, name="add"),
    path("<int:pk>/", views.detail, name="challenge"),
    path("<int:pk>/respond/", views.respond, name="respond"),
    path("<int:pk>/close/", views.close, name="close"),
]
