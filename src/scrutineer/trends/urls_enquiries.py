"""URLs of the trends app: suggested lines of enquiry."""

from django.urls import URLPattern, path

from . import views_enquiries as views

urlpatterns: list[URLPattern] = [
    path("enquiries/", views.index, name="suggestions"),
    path("enquiries/suggest/", views.make, name="suggestions_make"),
    path("enquiries/<int:pk>/", views.detail, name="suggestion"),
    path("enquiries/<int:pk>/accept/", views.accept, name="suggestion_accept"),
    path("enquiries/<int:pk>/dismiss/", views.dismiss, name="suggestion_dismiss"),
]
