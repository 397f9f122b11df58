"""Pages of suggested lines of enquiry: the list, one suggestion, accept, set aside, and the
button that looks for new ones.

Suggestions are the scrutineer's working notes (and the business unit's, who support the
scrutineer): everyone else gets 403. Accepting and dismissing go through ``enquiries``, which
locks the row, so a double submit or a second tab never raises two challenges.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from scrutineer.challenges.services import default_due_on

from .enquiries import (
    SuggestionDecided,
    decided_words,
    decides_suggestions,
    evidence_table,
    suggestion_accept,
    suggestion_dismiss,
    suggestions_make,
)
from .forms_enquiries import AcceptForm, DismissForm, StatusFilterForm
from .models import Suggestion, SuggestionKind, SuggestionStatus

KIND_ORDER = [SuggestionKind.SIGNAL, SuggestionKind.BENCHMARK, SuggestionKind.MISSING_RETURN]
KIND_HEADINGS = {
    SuggestionKind.SIGNAL: "Signals in the data",
    SuggestionKind.BENCHMARK: "Gaps against benchmarks",
    SuggestionKind.MISSING_RETURN: "Missing returns",
}
STATUS_ORDER = Case(
    When(status=SuggestionStatus.OPEN, then=Value(0)),
    When(status=SuggestionStatus.ACCEPTED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _require(request: HttpRequest) -> None:
    if not decides_suggestions(request.user):
        raise PermissionDenied


def _suggestions(request: HttpRequest) -> Any:
    _require(request)
    return Suggestion.objects.visible_to(request.user).select_related(
        "indicator", "agency", "challenge", "decided_by"
    )


def _card(suggestion: Suggestion) -> dict[str, Any]:
    headers, rows = evidence_table(suggestion)
    return {"suggestion": suggestion, "headers": headers, "rows": rows}


def index(request: HttpRequest) -> HttpResponse:
    found = _suggestions(request)
    filters = StatusFilterForm(request.GET or None)
    chosen = filters.chosen()
    if chosen:
        found = found.filter(status=chosen)
    found = list(found.order_by(STATUS_ORDER, "-created_at", "pk"))
    open_ones = [s for s in found if s.status == SuggestionStatus.OPEN]
    groups = [
        (kind, KIND_HEADINGS[kind], [_card(s) for s in open_ones if s.kind == kind])
        for kind in KIND_ORDER
    ]
    context = {
        "nav": "trends",
        "filters": filters,
        "chosen": chosen,
        "open_count": len(open_ones),
        "groups": [group for group in groups if group[2]],
        "decided": [s for s in found if s.status != SuggestionStatus.OPEN],
    }
    return render(request, "trends/enquiries/index.html", context)


@require_POST
def make(request: HttpRequest) -> HttpResponse:
    _require(request)
    made = suggestions_make(today=timezone.localdate())
    if made:
        messages.success(request, f"{len(made)} new suggestion{'s' if len(made) != 1 else ''}")
    else:
        messages.info(
            request, "No new suggestions: the data raise nothing that is not already listed"
        )
    return HttpResponseRedirect(reverse("trends:suggestions"))


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(_suggestions(request), pk=pk)
    context = {"nav": "trends", **_card(suggestion), "decided": decided_words(suggestion)}
    return render(request, "trends/enquiries/suggestion.html", context)


def _already(request: HttpRequest, suggestion: Suggestion) -> HttpResponse:
    messages.info(request, f"{decided_words(suggestion)} Nothing more was done.")
    return HttpResponseRedirect(reverse("trends:suggestion", args=[suggestion.pk]))


def accept(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(_suggestions(request), pk=pk)
    if suggestion.status != SuggestionStatus.OPEN:
        return _already(request, suggestion)
    today = timezone.localdate()
    initial = {
        "question": suggestion.text,
        "agency": suggestion.agency_id,
        "due_on": default_due_on(today),
    }
    form = AcceptForm(request.POST or None, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            challenge = suggestion_accept(
                suggestion=suggestion,
                question=data["question"],
                agency=data["agency"],
                due_on=data["due_on"],
                user=request.user,
            )
        except SuggestionDecided as decided:
            return _already(request, decided.suggestion)
        messages.success(request, f"Put to partners as challenge {challenge.reference}")
        return HttpResponseRedirect(reverse("challenges:challenge", args=[challenge.pk]))
    context = {
        "nav": "trends",
        **_card(suggestion),
        "form": form,
        "title": "Put this question to partners",
        "button": "Add to the challenge log",
    }
    return render(request, "trends/enquiries/decide.html", context)


def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(_suggestions(request), pk=pk)
    if suggestion.status != SuggestionStatus.OPEN:
        return _already(request, suggestion)
    form = DismissForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion_dismiss(
                suggestion=suggestion, reason=form.cleaned_data["reason"], user=request.user
            )
        except SuggestionDecided as decided:
            return _already(request, decided.suggestion)
        messages.success(request, "Suggestion set aside. It will not be suggested again.")
        return HttpResponseRedirect(reverse("trends:suggestions"))
    context = {
        "nav": "trends",
        **_card(suggestion),
        "form": form,
        "title": "Set this suggestion aside",
        "button": "Set aside",
    }
    return render(request, "trends/enquiries/decide.html", context)
