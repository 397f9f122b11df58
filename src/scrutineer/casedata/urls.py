from django.urls import path

from . import views, views_journeys, views_sampling

app_name = "casedata"
urlpatterns = [
    path("", views.index, name="index"),
    path("imports/", views.snapshots, name="snapshots"),
    path("imports/new/", views.upload, name="upload"),
    path("imports/<int:pk>/", views.snapshot, name="snapshot"),
    path("pseudonyms/", views.lookup, name="lookup"),
    path("sample/", views_sampling.sample_view, name="sample"),
    path("journeys/", views_journeys.journeys_view, name="journeys"),
    path("journeys/export.csv", views_journeys.journeys_csv, name="journeys_csv"),
]
