"""URLs of the trends app: returns."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
