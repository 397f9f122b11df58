"""Business unit pages for the access log (stub: being built)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def access_log_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/404.html", status=404)
