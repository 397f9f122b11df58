"""Pages of the case review register.

Every page finds reviews through ``Review.objects.visible_to(request.user)``, so a review the
person may not see is a 404, exactly as if it did not exist, and nothing is logged. Every page
that shows a review's details is written to the access log as a read.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models as db_models
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from scrutineer.core.accesslog import record_access

from . import workdays
from .compliance import compliance_by_year
from .forms import (
    DecisionForm,
    IncidentForm,
    LcsprForm,
    MeetingForm,
    NewReviewForm,
    NotificationForm,
    PanelForm,
    PublicationForm,
    RapidReviewForm,
    RecommendationForm,
    RulesForm,
    StageForm,
    TeamForm,
)
from .models import EditConflict, RapidReviewMeeting, Review, ReviewRules
from .querysets import sees_every_review, sees_review_counts
from .register import register_rows
from .services import review_create, review_recommend, review_recommendations, review_save_stage
from .timeline import timeline

# slug: (form, page title)
STAGES: dict[str, tuple[type[StageForm], str]] = {
    "incident": (IncidentForm, "Serious incident"),
    "notification": (NotificationForm, "Notification to the National Panel"),
    "rapid-review": (RapidReviewForm, "Rapid review"),
    "decision": (DecisionForm, "The rapid review's decision"),
    "panel": (PanelForm, "The National Panel's response"),
    "lcspr": (LcsprForm, "Local child safeguarding practice review"),
    "publication": (PublicationForm, "Publication"),
    "team": (TeamForm, "Review team"),
}

CONFLICT_MESSAGE = (
    "Someone else saved changes to this review while you were editing it, so your changes "
    "have not been saved yet. Your answers are below, and the table shows what is saved now. "
    "Check them, then save again to replace what is saved."
)


def _visible_review(request: HttpRequest, pk: int) -> Review:
    return get_object_or_404(Review.objects.visible_to(request.user), pk=pk)


def _log_read(request: HttpRequest, review: Review) -> None:
    record_access(
        request,
        action="read",
        object_type="reviews.review",
        object_id=review.pk,
        description=review.name,
    )


def index(request: HttpRequest) -> HttpResponse:
    """The register, the most urgent clock first."""
    rows = register_rows(
        Review.objects.visible_to(request.user),
        today=workdays.today(),
        calendar=workdays.statutory_calendar(),
    )
    context = {
        "nav": "reviews",
        "rows": rows,
        "sees_all": sees_every_review(request.user),
        "sees_counts": sees_review_counts(request.user),
        "can_add": getattr(request.user, "can_administer", False),
    }
    return render(request, "reviews/index.html", context)


def review_new(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "can_administer", False):
        raise PermissionDenied
    form = NewReviewForm(request.POST or None, today=workdays.today())
    if request.method == "POST" and form.is_valid():
        review = review_create(review=form.instance, team=form.cleaned_data["team"])
        messages.success(request, f"{review.name} recorded. The notification clock has started.")
        return HttpResponseRedirect(reverse("reviews:review", args=[review.pk]))
    context = {
        "nav": "reviews",
        "form": form,
        "title": "Record a serious incident",
        "back": reverse("reviews:index"),
    }
    return render(request, "reviews/stage_form.html", context)


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible_review(request, pk)
    _log_read(request, review)
    today, calendar = workdays.today(), workdays.statutory_calendar()
    found = review.clocks(today=today, calendar=calendar)
    requests = [
        (item, item.working_days_overdue(today, calendar) if item.is_overdue(today) else None)
        for item in review.information_requests.select_related("agency")
    ]
    context = {
        "nav": "reviews",
        "review": review,
        "requests": requests,
        "parallel_processes": review.parallel_processes.all(),
        "entries": timeline(review, found),
        "team": review.team.select_related("agency"),
        "recommendations": review_recommendations(review=review, user=request.user),
        "can_edit": review.can_be_edited_by(request.user),
        "can_manage_team": getattr(request.user, "can_administer", False),
        "today": workdays.today(),
    }
    return render(request, "reviews/review.html", context)


def _display(review: Review, name: str) -> str:
    """A field's value as words, for the table of differences after an edit conflict."""
    if name == "team":
        people = review.team.all() if review.pk else []
        return ", ".join(p.get_full_name() or p.username for p in people) or "Nobody"
    field = review._meta.get_field(name)
    value = getattr(review, name)
    if isinstance(field, db_models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, db_models.Field) and field.choices:
        return str(dict(field.flatchoices).get(value, value)) or "Not given"
    if isinstance(value, dt.date):
        return f"{value:%-d %B %Y}"
    return str(value) if value not in (None, "") else "Not given"


def _differences(form: StageForm, saved: Review) -> list[tuple[str, str, str]]:
    mine = Review(pk=None)
    rows = []
    for name in form.stage_fields:
        if name not in form.cleaned_data:
            continue
        setattr(mine, name, form.cleaned_data[name])
        theirs, yours = _display(saved, name), _display(mine, name)
        if theirs != yours:
            rows.append((str(form.fields[name].label), theirs, yours))
    if "team" in form.fields and "team" in form.cleaned_data:
        theirs = _display(saved, "team")
        chosen = form.cleaned_data["team"]
        yours = ", ".join(p.get_full_name() or p.username for p in chosen) or "Nobody"
        if set(saved.team.values_list("pk", flat=True)) != {p.pk for p in chosen}:
            rows.append(("Review team", theirs, yours))
    return rows


def stage_edit(request: HttpRequest, pk: int, stage: str) -> HttpResponse:
    """Record or change one stage. A save that would overwrite someone else's newer save is
    refused (``EditConflict``): the page comes back with the user's answers, the saved values
    beside them, and the new version, so saving again is a deliberate choice."""
    if stage not in STAGES:
        raise Http404("No such stage")
    review = _visible_review(request, pk)
    allowed = (
        getattr(request.user, "can_administer", False)
        if stage == "team"
        else review.can_be_edited_by(request.user)
    )
    if not allowed:
        raise PermissionDenied
    form_class, title = STAGES[stage]
    today = workdays.today()
    back = reverse("reviews:review", args=[review.pk])
    form = form_class(request.POST or None, instance=review, today=today)
    conflict: list[tuple[str, str, str]] | None = None
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            review_save_stage(
                review=form.instance,
                fields=form.stage_fields,
                expected_version=form.expected_version(),
                team=form.cleaned_data["team"] if "team" in form.fields else None,
            )
        except EditConflict as clash:
            conflict = _differences(form, clash.current)
            data = request.POST.copy()
            data["version"] = str(clash.current.version)
            fresh = Review.objects.get(pk=review.pk)
            form = form_class(data, instance=fresh, today=today)
            form.is_valid()
            form.add_error(None, CONFLICT_MESSAGE)
            status = 409
        else:
            messages.success(request, f"{title} saved")
            return HttpResponseRedirect(back)
    elif request.method != "POST":
        _log_read(request, review)
    context = {
        "nav": "reviews",
        "form": form,
        "title": title,
        "review": review,
        "back": back,
        "stage": stage,
        "conflict": conflict,
        "meetings": review.meetings.all() if stage == "rapid-review" else None,
    }
    return render(request, "reviews/stage_form.html", context, status=status)


def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible_review(request, pk)
    if not review.can_be_edited_by(request.user):
        raise PermissionDenied
    form = MeetingForm(
        request.POST or None,
        instance=RapidReviewMeeting(review=review),
        review=review,
        today=workdays.today(),
    )
    back = reverse("reviews:stage", args=[review.pk, "rapid-review"])
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Meeting added")
        return HttpResponseRedirect(back)
    context = {
        "nav": "reviews",
        "form": form,
        "title": "Add a rapid review meeting",
        "review": review,
        "back": back,
    }
    return render(request, "reviews/simple_form.html", context)


@require_POST
def meeting_remove(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    review = _visible_review(request, pk)
    if not review.can_be_edited_by(request.user):
        raise PermissionDenied
    get_object_or_404(review.meetings, pk=meeting_pk).delete()
    messages.success(request, "Meeting removed")
    return HttpResponseRedirect(reverse("reviews:stage", args=[review.pk, "rapid-review"]))


def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    review = _visible_review(request, pk)
    if not review.can_be_edited_by(request.user):
        raise PermissionDenied
    form = RecommendationForm(request.POST or None)
    back = reverse("reviews:review", args=[review.pk])
    if request.method == "POST" and form.is_valid():
        review_recommend(
            review=review,
            text=form.cleaned_data["text"],
            reference=form.cleaned_data["reference"],
            priorities=form.cleaned_data["priorities"],
            by=request.user,
        )
        messages.success(request, "Recommendation added to the action tracker")
        return HttpResponseRedirect(back)
    context = {
        "nav": "reviews",
        "form": form,
        "title": "Add a recommendation",
        "review": review,
        "back": back,
    }
    return render(request, "reviews/simple_form.html", context)


def compliance(request: HttpRequest) -> HttpResponse:
    """Counts only, year by year, for the scrutineer, the business unit and the Executive."""
    if not sees_review_counts(request.user):
        raise PermissionDenied
    years = compliance_by_year(
        Review.objects.counted_for(request.user),
        today=workdays.today(),
        calendar=workdays.statutory_calendar(),
    )
    return render(request, "reviews/compliance.html", {"nav": "reviews", "years": years})


def rules(request: HttpRequest) -> HttpResponse:
    if not getattr(request.user, "can_administer", False):
        raise PermissionDenied
    form = RulesForm(request.POST or None, instance=ReviewRules.load())
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Review rules saved. They apply to reviews recorded from now on.")
        return HttpResponseRedirect(reverse("reviews:index"))
    context: dict[str, Any] = {
        "nav": "reviews",
        "form": form,
        "title": "Case review rules",
        "back": reverse("reviews:index"),
    }
    return render(request, "reviews/simple_form.html", context)
