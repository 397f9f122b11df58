"""URLs of the trends app: benchmarks."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
