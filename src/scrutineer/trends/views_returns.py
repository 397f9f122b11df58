"""Pages for agencies' returns: your returns, a return, its template, the upload, a version,
and the business unit's return tracker with its reminders.

Agency leads see and send their own agency's returns; the business unit sees and sends any;
the scrutineer sees every return and the tracker, but does not send figures (the scrutineer
judges the figures, so does not make them). Every page reads returns through
``DataReturn.objects.visible_to``, so another agency's return is "not found".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from scrutineer.core.accesslog import record_access
from scrutineer.core.calendar import partnership_calendar
from scrutineer.core.uploads import size_limit_message
from scrutineer.partnership.models import Role
from scrutineer.partnership.permissions import role_required

from . import periods
from .forms_returns import QuarterOpenForm, ReturnUploadForm, TrackerFilterForm
from .models import DataReturn, Observation, Submission
from .readers import MAX_BYTES
from .services import RETURN_DUE_WORKING_DAYS, expected_cells, submission_changes
from .template import filename, return_template
from .tracker import (
    DUE,
    LATE,
    quarter_open,
    recent_quarters,
    returns_open_for_agency,
    returns_remind,
    status_of,
    tracker_rows,
    with_submissions,
)

PAGE_SIZE = 50
# Room in a request for the note, the CSRF token and the multipart boundaries around the file.
FORM_ALLOWANCE_BYTES = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

returns_people = role_required(Role.AGENCY_LEAD, Role.BUSINESS_UNIT, Role.SCRUTINEER)
trackers = role_required(Role.BUSINESS_UNIT, Role.SCRUTINEER)


def _returns(request: HttpRequest) -> Any:
    return DataReturn.objects.visible_to(request.user).select_related("agency")


def can_upload(user: Any, data_return: DataReturn) -> bool:
    """The agency's own leads and the business unit send a return's figures."""
    if user.is_superuser or getattr(user, "role", "") == Role.BUSINESS_UNIT:
        return True
    return getattr(user, "role", "") == Role.AGENCY_LEAD and user.agency_id == data_return.agency_id


def figure_text(value: Decimal | None, missing: str = "") -> str:
    """A stored figure as people read it: 1,234 or 12.5, never 12.5000."""
    if value is None:
        return missing or "none"
    return f"{value.normalize():,f}"


@returns_people
def returns_index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    user: Any = request.user
    if user.role == Role.AGENCY_LEAD and user.agency_id:
        returns_open_for_agency(user.agency, today=today)
    calendar = partnership_calendar()
    returns = with_submissions(_returns(request)).order_by("-quarter_start", "agency__name")
    page = Paginator(returns, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "nav": "trends",
        "page": page,
        "statuses": [status_of(r, today=today, calendar=calendar) for r in page],
        "agency": user.agency if user.role == Role.AGENCY_LEAD else None,
        "sees_tracker": user.is_superuser or user.role in (Role.BUSINESS_UNIT, Role.SCRUTINEER),
    }
    return render(request, "trends/returns/index.html", context)


@returns_people
def return_detail(request: HttpRequest, pk: int) -> HttpResponse:
    data_return = get_object_or_404(_returns(request), pk=pk)
    today = timezone.localdate()
    status = status_of(data_return, today=today, calendar=partnership_calendar())
    submissions = list(
        data_return.submissions.select_related("submitted_by", "token").order_by("-version")
    )
    latest = submissions[0] if submissions else None
    accepted: dict[tuple[int, Any], Observation] = {}
    if latest:
        accepted = {(o.indicator_id, o.period_start): o for o in latest.observations.all()}
    expected = [
        {
            "indicator": indicator,
            "period": indicator.period_label(start),
            "key": indicator.period_key(start),
            "figure": _figure(accepted.get((indicator.pk, start))),
        }
        for indicator, start in expected_cells(data_return)
    ]
    versions = [{"submission": s, "changes": _changes(s)} for s in submissions]
    context = {
        "nav": "trends",
        "data_return": data_return,
        "status": status,
        "expected": expected,
        "versions": versions,
        "can_upload": can_upload(request.user, data_return),
        "can_remind": _can_remind(request.user) and status.state in (DUE, LATE),
    }
    return render(request, "trends/returns/return.html", context)


def _figure(observation: Observation | None) -> str:
    if observation is None:
        return "Not sent"
    return figure_text(observation.value, observation.missing_reason)


def _changes(submission: Submission) -> list[dict[str, Any]]:
    return [
        {
            "indicator": change.indicator,
            "period": change.indicator.period_label(change.period_start),
            "before": figure_text(change.before, change.before_missing)
            if change.kind != "added"
            else "none",
            "after": figure_text(change.after, change.after_missing)
            if change.kind != "removed"
            else "none",
            "kind": change.kind,
        }
        for change in submission_changes(submission)
    ]


@returns_people
def return_template_download(request: HttpRequest, pk: int) -> HttpResponse:
    data_return = get_object_or_404(_returns(request), pk=pk)
    content = return_template(data_return)
    record_access(
        request,
        action="download",
        object_type="trends.datareturn",
        object_id=data_return.pk,
        description=f"Excel template for the return of {data_return}"[:300],
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename(data_return)}"'
    return response


@csrf_exempt
@returns_people
def return_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Refuse an oversized request before anything reads its body, then handle the form.

    Django writes an uploaded file of any size to a temporary file as it parses the body, so
    the declared length is checked first; CSRF protection (which parses the body to find its
    token) runs after, in ``_upload``.
    """
    data_return = get_object_or_404(_returns(request), pk=pk)
    if not can_upload(request.user, data_return):
        raise PermissionDenied
    if request.method == "POST":
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BYTES + FORM_ALLOWANCE_BYTES:
            form = ReturnUploadForm.too_large(
                data_return=data_return, message=size_limit_message(MAX_BYTES)
            )
            _log_refusal(request, data_return, form)
            return _render_upload(request, form, status=413)
    return _upload(request, data_return)


@csrf_protect
def _upload(request: HttpRequest, data_return: DataReturn) -> HttpResponse:
    if request.method != "POST":
        return _render_upload(request, ReturnUploadForm(data_return=data_return), status=200)
    form = ReturnUploadForm(request.POST, request.FILES, data_return=data_return)
    if not form.is_valid():
        _log_refusal(request, data_return, form)
        return _render_upload(request, form, status=200)
    submission = form.save(user=request.user)
    record_access(
        request,
        action="upload",
        object_type="trends.submission",
        object_id=submission.pk,
        description=(
            f"Return uploaded and accepted as version {submission.version}: {data_return} "
            f"({submission.get_channel_display()}, {submission.filename})"
        )[:300],
    )
    changed = len(submission_changes(submission))
    if submission.version == 1:
        said = f"{len(form.figures)} figures received."
    else:
        said = f"{changed} figure{'s' if changed != 1 else ''} changed from version {submission.version - 1}."
    messages.success(request, f"Return accepted as version {submission.version}. {said}")
    for note in form.notes:
        messages.info(request, note)
    return HttpResponseRedirect(
        reverse("trends:submission", args=[data_return.pk, submission.version])
    )


def _log_refusal(request: HttpRequest, data_return: DataReturn, form: ReturnUploadForm) -> None:
    upload = request.FILES.get("upload") if not form.body_error else None
    count = len(form.problems) or len(form.errors)
    record_access(
        request,
        action="upload",
        object_type="trends.datareturn",
        object_id=data_return.pk,
        description=(
            f"Return upload refused, nothing saved ({count} problem{'s' if count != 1 else ''}): "
            f"{data_return}" + (f" ({upload.name})" if upload else "")
        )[:300],
    )


def _render_upload(request: HttpRequest, form: ReturnUploadForm, *, status: int) -> HttpResponse:
    context = {"nav": "trends", "form": form, "data_return": form.data_return}
    return render(request, "trends/returns/upload.html", context, status=status)


@returns_people
def submission_detail(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    data_return = get_object_or_404(_returns(request), pk=pk)
    submission = get_object_or_404(
        data_return.submissions.select_related("submitted_by", "token"), version=version
    )
    observations = submission.observations.select_related("indicator")
    context = {
        "nav": "trends",
        "data_return": data_return,
        "submission": submission,
        "changes": _changes(submission),
        "figures": [
            {
                "indicator": o.indicator,
                "period": o.indicator.period_label(o.period_start),
                "value": figure_text(o.value, o.missing_reason),
                "numerator": figure_text(o.numerator, "") if o.numerator is not None else "",
                "denominator": figure_text(o.denominator, "") if o.denominator is not None else "",
            }
            for o in observations
        ],
    }
    return render(request, "trends/returns/submission.html", context)


# --- The tracker -------------------------------------------------------------------------


def _can_remind(user: Any) -> bool:
    return bool(
        user.is_superuser or getattr(user, "role", "") in (Role.BUSINESS_UNIT, Role.SCRUTINEER)
    )


def _tracker_quarters(request: HttpRequest) -> tuple[TrackerFilterForm, list[Any]]:
    today = timezone.localdate()
    recent = recent_quarters(today)
    opened = set(DataReturn.objects.values_list("quarter_start", flat=True).distinct())
    choices = sorted(opened | set(recent), reverse=True)
    filters = TrackerFilterForm(request.GET or request.POST or None, quarters=choices)
    chosen = filters.chosen()
    return filters, [chosen] if chosen else recent


@trackers
def tracker(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters, quarters = _tracker_quarters(request)
    rows = tracker_rows(_returns(request), quarters=quarters, today=today)
    to_remind = [c for row in rows for c in row.cells if c is not None and c.state in (DUE, LATE)]
    user: Any = request.user
    context = {
        "nav": "trends",
        "filters": filters,
        "quarters": [periods.label(q, "quarterly") for q in quarters],
        "rows": rows,
        "to_remind": len(to_remind),
        "chosen": filters.chosen(),
        "open_form": QuarterOpenForm(today=today) if user.can_administer else None,
        "due_days": RETURN_DUE_WORKING_DAYS,
    }
    return render(request, "trends/returns/tracker.html", context)


@require_POST
@role_required(Role.BUSINESS_UNIT)
def tracker_open(request: HttpRequest) -> HttpResponse:
    form = QuarterOpenForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        messages.error(request, "Select a quarter to open from the list")
        return HttpResponseRedirect(reverse("trends:tracker"))
    quarter = form.chosen()
    opened, already = quarter_open(quarter_start=quarter)
    words = periods.label(quarter, "quarterly")
    if not opened and not already:
        messages.info(request, f"No agency supplies an indicator for {words}: nothing to open.")
    else:
        messages.success(
            request,
            f"{words} opened for {len(opened)} agenc{'ies' if len(opened) != 1 else 'y'}"
            + (f" ({already} already open)" if already else ""),
        )
    return HttpResponseRedirect(
        reverse("trends:tracker") + f"?quarter={periods.key(quarter, 'quarterly')}"
    )


@require_POST
@trackers
def return_remind(request: HttpRequest, pk: int) -> HttpResponse:
    data_return = get_object_or_404(_returns(request), pk=pk)
    today = timezone.localdate()
    status = status_of(data_return, today=today, calendar=partnership_calendar())
    back = request.POST.get("next", "")
    if not back.startswith("/") or back.startswith("//"):
        back = reverse("trends:return", args=[data_return.pk])
    if status.state not in (DUE, LATE):
        messages.info(request, f"{data_return} has been submitted: no reminder is needed.")
        return HttpResponseRedirect(back)
    report = returns_remind(
        statuses=[status], today=today, site_url=_site(request), once_a_day=False
    )
    _say(request, report)
    return HttpResponseRedirect(back)


@require_POST
@trackers
def tracker_remind(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters, quarters = _tracker_quarters(request)
    returns = _returns(request).filter(quarter_start__in=quarters)
    calendar = partnership_calendar()
    # Every return shown that is due or late, not only those due soon: the person asked.
    unsent = with_submissions(returns.filter(submissions__isnull=True))
    statuses = [status_of(r, today=today, calendar=calendar) for r in unsent]
    report = returns_remind(statuses=statuses, today=today, site_url=_site(request))
    _say(request, report)
    chosen = filters.chosen()
    query = f"?quarter={periods.key(chosen, 'quarterly')}" if chosen else ""
    return HttpResponseRedirect(reverse("trends:tracker") + query)


def _site(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _say(request: HttpRequest, report: Any) -> None:
    if report.sent:
        names = "; ".join(f"{r.agency.label}, {r.quarter_label}" for r, _ in report.sent)
        count = len(report.sent)
        messages.success(request, f"{count} reminder{'s' if count != 1 else ''} sent: {names}")
    if report.already_today:
        names = "; ".join(f"{r.agency.label}, {r.quarter_label}" for r in report.already_today)
        messages.info(request, f"Already reminded today, so not sent again: {names}")
    if report.nobody_to_tell:
        names = "; ".join(r.agency.label for r in report.nobody_to_tell)
        messages.error(
            request,
            f"No reminder sent to {names}: the agency has no agency lead with an e-mail "
            "address. Add one under Manage, People.",
        )
    if not (report.sent or report.already_today or report.nobody_to_tell):
        messages.info(request, "No return shown is due or late: there is nobody to remind.")
