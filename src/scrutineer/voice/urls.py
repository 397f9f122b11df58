from django.urls import path

from . import views

app_name = "voice"
urlpatterns = [
    path("", views.index, name="index"),
]
