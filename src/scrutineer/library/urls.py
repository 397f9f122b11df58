from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/", views.document, name="document"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/share/", views.share, name="share"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
