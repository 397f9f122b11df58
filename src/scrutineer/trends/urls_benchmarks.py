"""URLs of the trends app: benchmarks against England, the region and statistical neighbours."""

from django.urls import URLPattern, path

from . import views_benchmarks

urlpatterns: list[URLPattern] = [
    path("benchmarks/", views_benchmarks.benchmarks, name="benchmarks"),
]
