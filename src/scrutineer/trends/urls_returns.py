"""URLs of the trends app: agencies' returns, their templates and uploads, and the tracker."""

from django.urls import URLPattern, path

from . import views_returns as views

urlpatterns: list[URLPattern] = [
    path("returns/", views.returns_index, name="returns"),
    path("returns/tracker/", views.tracker, name="tracker"),
    path("returns/tracker/open/", views.tracker_open, name="tracker_open"),
    path("returns/tracker/remind/", views.tracker_remind, name="tracker_remind"),
    path("returns/<int:pk>/", views.return_detail, name="return"),
    path("returns/<int:pk>/template.xlsx", views.return_template_download, name="return_template"),
    path("returns/<int:pk>/upload/", views.return_upload, name="return_upload"),
    path("returns/<int:pk>/remind/", views.return_remind, name="return_remind"),
    path(
        "returns/<int:pk>/versions/<int:version>/",
        views.submission_detail,
        name="submission",
    ),
]
