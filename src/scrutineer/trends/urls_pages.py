"""URLs of the trends app: the overview, indicator pages and the catalogue."""

from django.urls import URLPattern, path

from . import views, views_catalogue

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("overview.<str:fmt>", views.overview_export, name="overview_export"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator"),
    path(
        "indicators/<slug:code>/series.<str:fmt>",
        views.indicator_export,
        name="indicator_export",
    ),
    path("catalogue/", views_catalogue.catalogue, name="catalogue"),
    path("catalogue/new/", views_catalogue.indicator_add, name="indicator_add"),
    path("catalogue/starter/", views_catalogue.catalogue_starter, name="catalogue_starter"),
    path("catalogue/<slug:code>/edit/", views_catalogue.indicator_edit, name="indicator_edit"),
    path(
        "catalogue/<slug:code>/change-points/",
        views_catalogue.change_points,
        name="change_points",
    ),
    path(
        "catalogue/<slug:code>/change-points/<int:pk>/remove/",
        views_catalogue.change_point_remove,
        name="change_point_remove",
    ),
]
