"""URLs of the trends app: tokens."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
