"""URLs of the trends app: enquiries."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
