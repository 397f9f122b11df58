"""The return tracker: which agency has sent which quarter's return, what is late, and reminders.

A quarter is "opened" for every agency that supplies at least one indicator for it (an agency
whose only indicators are annual has nothing to send in April to December). The business unit
opens a quarter from the tracker or with ``scrutineer returns open``; an agency lead's current
and previous quarters open by themselves when they look at their returns.

Each return is **submitted** (with its latest version and when), **due** (not yet past its due
date) or **late** (past its due date with nothing sent, counted in the partnership's working
days). Reminders go to the agency's leads, copied to the business unit's shared address, and
are recorded in ``DataReturn.reminded_at``. ``scrutineer returns remind`` (run daily by cron)
reminds about late returns and returns due within ``REMIND_WITHIN_WORKING_DAYS``, at most once
a day each.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max, Min, Q, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from scrutineer.core.calendar import partnership_calendar
from scrutineer.core.workdays import WorkingDayCalendar
from scrutineer.partnership.models import Agency, Partnership, Role, User

from . import periods
from .models import DataReturn, Indicator, Source
from .services import return_for

#: Returns due within this many working days are reminded about, as well as late ones.
REMIND_WITHIN_WORKING_DAYS = 5
#: Quarters the tracker shows when none is chosen: this one and the three before.
RECENT_QUARTERS = 4

SUBMITTED, DUE, LATE = "submitted", "due", "late"


def recent_quarters(today: dt.date, count: int = RECENT_QUARTERS) -> list[dt.date]:
    """The first days of the last ``count`` financial quarters, oldest first, ending with
    today's."""
    current = periods.quarter_of(today)
    return [periods.add_months(current, -3 * n) for n in reversed(range(count))]


def supplying_agencies(quarter_start: dt.date) -> QuerySet[Agency]:
    """Active agencies with at least one indicator to send in this quarter's return."""
    frequencies = [f.value for f in periods.Frequency if periods.in_quarter(quarter_start, f)]
    agency_ids = Indicator.objects.active().filter(
        source=Source.RETURN, frequency__in=frequencies, agency__isnull=False
    )
    return Agency.objects.filter(active=True, pk__in=agency_ids.values("agency_id")).order_by(
        "name"
    )


@transaction.atomic
def quarter_open(*, quarter_start: dt.date) -> tuple[list[DataReturn], int]:
    """Make the quarter's return for every supplying agency; returns (new ones, already open)."""
    opened: list[DataReturn] = []
    already = 0
    for agency in supplying_agencies(quarter_start):
        exists = DataReturn.objects.filter(agency=agency, quarter_start=quarter_start).exists()
        data_return = return_for(agency=agency, quarter_start=quarter_start)
        if exists:
            already += 1
        else:
            opened.append(data_return)
    return opened, already


def returns_open_for_agency(agency: Agency, *, today: dt.date) -> list[DataReturn]:
    """Open the agency's previous and current quarters, where it supplies indicators for them."""
    current = periods.quarter_of(today)
    opened = []
    for quarter in (periods.add_months(current, -3), current):
        if supplying_agencies(quarter).filter(pk=agency.pk).exists():
            opened.append(return_for(agency=agency, quarter_start=quarter))
    return opened


def with_submissions(returns: QuerySet[DataReturn]) -> QuerySet[DataReturn]:
    """The returns with their latest version and first and last submission times, in one query."""
    return returns.select_related("agency").annotate(
        last_version=Max("submissions__version"),
        first_submitted_at=Min("submissions__submitted_at"),
        last_submitted_at=Max("submissions__submitted_at"),
    )


@dataclass(frozen=True)
class ReturnStatus:
    """Where one return stands today."""

    data_return: DataReturn
    state: str
    version: int | None = None
    submitted_at: dt.datetime | None = None
    working_days_late: int = 0
    working_days_left: int = 0

    @property
    def label(self) -> str:
        if self.state == SUBMITTED:
            return f"Submitted (version {self.version})"
        if self.state == LATE:
            days = self.working_days_late
            return f"Late: {days} working day{'s' if days != 1 else ''}"
        return "Due"

    @property
    def needs_reminder(self) -> bool:
        return self.state == LATE or (
            self.state == DUE and self.working_days_left <= REMIND_WITHIN_WORKING_DAYS
        )

    def as_dict(self) -> dict[str, Any]:
        r = self.data_return
        return {
            "agency": r.agency.name,
            "agency_id": r.agency_id,
            "quarter": r.quarter_key,
            "state": self.state,
            "due_on": r.due_on.isoformat(),
            "version": self.version,
            "submitted_at": self.submitted_at.isoformat() if self.submitted_at else None,
            "working_days_late": self.working_days_late,
            "reminded_at": r.reminded_at.isoformat() if r.reminded_at else None,
        }


def status_of(
    data_return: DataReturn, *, today: dt.date, calendar: WorkingDayCalendar
) -> ReturnStatus:
    """The return's status; uses the ``with_submissions`` annotations when they are there."""
    if hasattr(data_return, "last_version"):
        version = getattr(data_return, "last_version")  # noqa: B009 - an annotation
        submitted_at = getattr(data_return, "last_submitted_at")  # noqa: B009
        first_at = getattr(data_return, "first_submitted_at")  # noqa: B009
    else:
        latest = data_return.latest()
        first = data_return.submissions.order_by("version").first()
        version = latest.version if latest else None
        submitted_at = latest.submitted_at if latest else None
        first_at = first.submitted_at if first else None
    if version is not None:
        sent_on = timezone.localdate(first_at) if first_at else today
        late_by = max(calendar.between(data_return.due_on, sent_on), 0)
        return ReturnStatus(data_return, SUBMITTED, version, submitted_at, late_by)
    if today > data_return.due_on:
        late_by = calendar.between(data_return.due_on, today)
        return ReturnStatus(data_return, LATE, working_days_late=late_by)
    left = calendar.between(today, data_return.due_on)
    return ReturnStatus(data_return, DUE, working_days_left=left)


@dataclass
class TrackerRow:
    agency: Agency
    cells: list[ReturnStatus | None]


def tracker_rows(
    returns: QuerySet[DataReturn], *, quarters: list[dt.date], today: dt.date
) -> list[TrackerRow]:
    """One row per agency (that supplies indicators or has a return in these quarters), one
    cell per quarter: its return's status, or None where the quarter is not open for it."""
    calendar = partnership_calendar()
    found = {
        (r.agency_id, r.quarter_start): status_of(r, today=today, calendar=calendar)
        for r in with_submissions(returns.filter(quarter_start__in=quarters))
    }
    supplying = Indicator.objects.active().filter(source=Source.RETURN, agency__isnull=False)
    agencies = Agency.objects.filter(
        Q(active=True, pk__in=supplying.values("agency_id"))
        | Q(pk__in={agency_id for agency_id, _ in found})
    ).order_by("name")
    return [
        TrackerRow(agency, [found.get((agency.pk, quarter)) for quarter in quarters])
        for agency in agencies
    ]


# --- Reminders -------------------------------------------------------------------------------


@dataclass
class ReminderReport:
    sent: list[tuple[DataReturn, list[str]]] = field(default_factory=list)
    already_today: list[DataReturn] = field(default_factory=list)
    nobody_to_tell: list[DataReturn] = field(default_factory=list)


def reminder_recipients(agency: Agency) -> list[str]:
    """The agency's active leads with an e-mail address, without repeats."""
    people = User.objects.active().filter(agency=agency, role=Role.AGENCY_LEAD).order_by("pk")
    seen: dict[str, str] = {}
    for person in people:
        if person.email:
            seen.setdefault(person.email.lower(), person.email)
    return list(seen.values())


def needing_reminders(returns: QuerySet[DataReturn], *, today: dt.date) -> list[ReturnStatus]:
    """Returns that are late, or due within ``REMIND_WITHIN_WORKING_DAYS`` with nothing sent."""
    calendar = partnership_calendar()
    unsent = with_submissions(returns.filter(submissions__isnull=True))
    statuses = [status_of(r, today=today, calendar=calendar) for r in unsent]
    return [s for s in statuses if s.needs_reminder]


def returns_remind(
    *,
    statuses: Iterable[ReturnStatus],
    today: dt.date,
    site_url: str = "",
    once_a_day: bool = True,
    dry_run: bool = False,
) -> ReminderReport:
    """E-mail each return's agency leads, copied to the business unit, and record when.

    With ``once_a_day`` a return already reminded today is skipped; the claim is an UPDATE
    that only succeeds if nobody else has reminded it today, so two runs at once send one
    e-mail. If sending fails the claim is undone, so the next run tries again.
    """
    report = ReminderReport()
    partnership = Partnership.load()
    business_unit = partnership.business_unit_email if partnership else ""
    start_of_today = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    for status in statuses:
        data_return = status.data_return
        recipients = reminder_recipients(data_return.agency)
        if not recipients:
            report.nobody_to_tell.append(data_return)
            continue
        if once_a_day and data_return.reminded_at and data_return.reminded_at >= start_of_today:
            report.already_today.append(data_return)
            continue
        if dry_run:
            report.sent.append((data_return, recipients))
            continue
        before = data_return.reminded_at
        now = timezone.now()
        claim = DataReturn.objects.filter(pk=data_return.pk)
        if once_a_day:
            claim = claim.filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=start_of_today))
        if not claim.update(reminded_at=now):
            report.already_today.append(data_return)
            continue
        message = _message(status, recipients, business_unit, site_url, partnership)
        try:
            message.send()
        except Exception:
            DataReturn.objects.filter(pk=data_return.pk).update(reminded_at=before)
            raise
        data_return.reminded_at = now
        report.sent.append((data_return, recipients))
    return report


def _message(
    status: ReturnStatus,
    recipients: list[str],
    business_unit: str,
    site_url: str,
    partnership: Partnership | None,
) -> EmailMessage:
    data_return = status.data_return
    if status.state == LATE:
        subject = f"Data return for {data_return.quarter_label} is late"
    else:
        subject = (
            f"Data return for {data_return.quarter_label} is due on {data_return.due_on:%-d %B %Y}"
        )
    context = {
        "status": status,
        "data_return": data_return,
        "url": site_url.rstrip("/") + reverse("trends:return", args=[data_return.pk]),
        "partnership": partnership,
        "business_unit": business_unit,
    }
    return EmailMessage(
        subject=subject,
        body=render_to_string("trends/returns/reminder_email.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        cc=[business_unit] if business_unit else [],
        reply_to=[business_unit] if business_unit else [],
    )
