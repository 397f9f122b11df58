"""Business unit pages for the working-day calendar (stub: being built)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def calendar_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/404.html", status=404)
