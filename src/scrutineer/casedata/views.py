"""Pages for case-level evidence.

Until the capability lands, its page says what it will hold.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "casedata/index.html", {"nav": "casedata"})
