from django.urls import path

from . import views

app_name = "casedata"
urlpatterns = [
    path("", views.index, name="index"),
]
