"""Pages for voice of children, families and practitioners.

Until the capability lands, its page says what it will hold.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "voice/index.html", {"nav": "voice"})
