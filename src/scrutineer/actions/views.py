"""Pages for action tracker.

Until the capability lands, its page says what it will hold.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "actions/index.html", {"nav": "actions"})
