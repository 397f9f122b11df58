"""Pages of the challenge log: the list, a challenge, raising one by hand, answering, closing.

Everyone signed in reads the log (``Challenge.objects.visible_to``); the scrutineer and the
business unit raise and close challenges (``services.can_manage``); the agency a challenge is
addressed to answers it (``services.can_respond``). Actions that change a challenge are POSTs.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .forms import FilterForm, RaiseForm, RespondForm
from .models import Challenge, ChallengeStatus
from .services import (
    ChallengeConflict,
    can_manage,
    can_respond,
    challenge_close,
    challenge_raise,
    challenge_respond,
    default_due_on,
)

PAGE_SIZE = 50
MANUAL_SOURCE = "challenges.manual"

#: The page of each kind of source, by URL name (taking ``pk``). Named, not imported: the apps
#: that raise challenges depend on this one, not the other way round. Sources are the working
#: records of the scrutineer and the business unit, so only they are linked to them; the
#: question and its evidence are copied into the challenge, so nobody else loses anything.
SOURCE_PAGES = {"trends.suggestion": "trends:suggestion"}

STATUS_ORDER = Case(
    When(status=ChallengeStatus.OPEN, then=Value(0)),
    When(status=ChallengeStatus.RESPONDED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def _visible(request: HttpRequest) -> Any:
    return Challenge.objects.visible_to(request.user).select_related(
        "agency", "raised_by", "responded_by"
    )


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = FilterForm(request.GET or None)
    found = filters.apply(_visible(request), today=today).order_by(STATUS_ORDER, "due_on", "pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "nav": "challenges",
        "filters": filters,
        "page": page,
        "rows": [(challenge, challenge.is_overdue(today)) for challenge in page],
        "overdue_count": Challenge.objects.visible_to(request.user).overdue(today).count(),
        "query": query.urlencode(),
        "can_manage": can_manage(request.user),
    }
    return render(request, "challenges/index.html", context)


def source_url(challenge: Challenge, user: Any) -> str:
    name = SOURCE_PAGES.get(challenge.source_type)
    if not name or not can_manage(user):
        return ""
    try:
        return reverse(name, kwargs={"pk": int(challenge.source_id)})
    except (NoReverseMatch, ValueError):
        return ""


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(_visible(request), pk=pk)
    context = {
        "nav": "challenges",
        "challenge": challenge,
        "overdue": challenge.is_overdue(timezone.localdate()),
        "can_respond": can_respond(request.user, challenge)
        and challenge.status != ChallengeStatus.CLOSED,
        "can_manage": can_manage(request.user),
        "source_url": source_url(challenge, request.user),
    }
    return render(request, "challenges/challenge.html", context)


def add(request: HttpRequest) -> HttpResponse:
    if not can_manage(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = RaiseForm(request.POST or None, today=today, initial={"due_on": default_due_on(today)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        challenge = challenge_raise(
            question=data["question"],
            evidence=data["evidence"].strip(),
            agency=data["agency"],
            due_on=data["due_on"],
            raised_by=request.user,
            source_type=MANUAL_SOURCE,
        )
        messages.success(request, f"Challenge {challenge.reference} raised")
        return HttpResponseRedirect(reverse("challenges:challenge", args=[challenge.pk]))
    context = {
        "nav": "challenges",
        "form": form,
        "title": "Raise a challenge",
        "back": reverse("challenges:index"),
        "button": "Raise the challenge",
    }
    return render(request, "challenges/form.html", context)


def respond(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(_visible(request), pk=pk)
    if not can_respond(request.user, challenge):
        raise PermissionDenied
    back = reverse("challenges:challenge", args=[challenge.pk])
    if challenge.status == ChallengeStatus.CLOSED:
        messages.info(request, "This challenge has been closed, so its response cannot change.")
        return HttpResponseRedirect(back)
    seen = challenge.responded_at.isoformat() if challenge.responded_at else ""
    form = RespondForm(request.POST or None, initial={"response": challenge.response, "seen": seen})
    if request.method == "POST" and form.is_valid():
        try:
            challenge_respond(
                challenge=challenge,
                response=form.cleaned_data["response"],
                user=request.user,
                expected_responded_at=form.cleaned_data["seen"],
            )
        except ChallengeConflict as conflict:
            challenge.refresh_from_db()
            if challenge.status == ChallengeStatus.CLOSED:
                messages.info(request, str(conflict))
                return HttpResponseRedirect(back)
            # Keep what the person wrote, show the answer that arrived first, and let them
            # send theirs knowingly: the form now carries the newer answer's time.
            data = request.POST.copy()
            data["seen"] = challenge.responded_at.isoformat() if challenge.responded_at else ""
            form = RespondForm(data)
            form.is_valid()
            form.add_error(None, str(conflict))
        else:
            messages.success(request, f"Response to {challenge.reference} recorded")
            return HttpResponseRedirect(back)
    context = {
        "nav": "challenges",
        "form": form,
        "challenge": challenge,
        "title": f"Respond to challenge {challenge.reference}",
        "back": back,
        "button": "Save the response",
    }
    return render(request, "challenges/form.html", context)


@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(_visible(request), pk=pk)
    if not can_manage(request.user):
        raise PermissionDenied
    challenge_close(challenge=challenge)
    messages.success(request, f"Challenge {challenge.reference} closed")
    return HttpResponseRedirect(reverse("challenges:challenge", args=[challenge.pk]))
