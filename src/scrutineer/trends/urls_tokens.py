"""URLs of the trends app: the business unit's API tokens (the API itself is at /api/)."""

from django.urls import URLPattern, path

from . import views_tokens

urlpatterns: list[URLPattern] = [
    path("tokens/", views_tokens.token_list, name="tokens"),
    path("tokens/new/", views_tokens.token_issue, name="token_issue"),
    path("tokens/<int:pk>/revoke/", views_tokens.token_revoke, name="token_revoke"),
]
