"""Reminder e-mails before a statutory deadline: ``scrutineer reviews remind``, run daily by cron.

A running clock is reminded about every day from ``ReviewRules.reminder_working_days`` working
days before its deadline (default 2), and every day it is overdue, until the step is recorded.
Working days come from the statutory calendar (``workdays.statutory_calendar``), as for the
clocks themselves.

One e-mail per clock per day goes to the review team and the business unit: the people who
record the step. Idempotent per clock per day: each e-mail is claimed by writing a
``ReminderSent`` row under a unique constraint (review, clock, day) before it is sent, so
running the command twice (or twice at once) sends one e-mail; if sending fails, the claim is
deleted so that the next run tries again.

The e-mail names the review ("Child Q") and the clock, never the child or what happened: it
may be read on a phone, so it carries the link, not the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from scrutineer.partnership.models import Partnership, Role, User

from .clocks import Clock, Status, WorkingDayCalendar
from .models import ReminderSent, Review, ReviewRules


@dataclass
class ReminderReport:
    sent: list[tuple[Review, Clock, list[str]]] = field(default_factory=list)
    already_today: int = 0
    nobody_to_tell: list[tuple[Review, Clock]] = field(default_factory=list)


def needs_reminder(clock: Clock, *, within: int) -> bool:
    """A running clock that is overdue, or due within ``within`` working days."""
    if clock.status is Status.OVERDUE:
        return True
    return clock.status is Status.DUE and clock.working_days <= within


def reminder_recipients(review: Review) -> list[str]:
    """The review team's addresses and the business unit's (its shared mailbox if the
    partnership has one, else every active member of the business unit), without repeats."""
    addresses = [person.email for person in review.team.filter(is_active=True)]
    partnership = Partnership.load()
    if partnership is not None and partnership.business_unit_email:
        addresses.append(partnership.business_unit_email)
    else:
        addresses += [u.email for u in User.objects.active().filter(role=Role.BUSINESS_UNIT)]
    seen: dict[str, None] = {}
    for address in addresses:
        if address:
            seen.setdefault(address.lower(), None)
    return list(seen)


def _subject(review: Review, clock: Clock) -> str:
    when = "overdue" if clock.status is Status.OVERDUE else f"due {clock.deadline:%-d %B %Y}"
    return f"{review.name}: {clock.name}, {when}"


def reviews_remind(
    *,
    today: dt.date,
    calendar: WorkingDayCalendar,
    reviews: Iterable[Review] | None = None,
    site_url: str = "",
) -> ReminderReport:
    """Send today's reminders (see the module docstring); return what was sent."""
    within = ReviewRules.load().reminder_working_days
    report = ReminderReport()
    candidates = reviews if reviews is not None else Review.objects.all()
    for review in candidates:
        for clock in review.clocks(today=today, calendar=calendar):
            if not needs_reminder(clock, within=within):
                continue
            recipients = reminder_recipients(review)
            if not recipients:
                report.nobody_to_tell.append((review, clock))
                continue
            try:
                with transaction.atomic():
                    claim = ReminderSent.objects.create(
                        review=review,
                        clock=clock.code,
                        deadline=clock.deadline,
                        sent_on=today,
                        recipients=", ".join(recipients),
                    )
            except IntegrityError:
                report.already_today += 1
                continue
            context = {
                "review": review,
                "clock": clock,
                "url": site_url.rstrip("/") + reverse("reviews:review", args=[review.pk]),
                "within": within,
            }
            message = EmailMessage(
                subject=_subject(review, clock),
                body=render_to_string("reviews/reminder_email.txt", context),
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=recipients,
            )
            try:
                message.send()
            except Exception:
                claim.delete()
                raise
            report.sent.append((review, clock, recipients))
    return report
