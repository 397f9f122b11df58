"""URLs of the trends app: the overview, indicator pages and the catalogue."""

from django.urls import URLPattern, path

from . import views

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
]
