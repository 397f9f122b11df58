"""Pages for multi-agency data trends.

Until the capability lands, its page says what it will hold.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "trends/index.html", {"nav": "trends"})
