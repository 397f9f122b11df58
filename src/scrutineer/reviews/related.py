"""Records that hang off a review, several to a review: agencies' information requests, links
to parallel processes, and the reminders sent about its clocks.

They are models of their own (like rapid review meetings) rather than fields on ``Review``
because a review has any number of each. Editing one does not move the review's ``version``:
two people adding requests at once add two requests, and nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models

from .choices import InformationRequestStatus, ParallelProcessKind, ParallelProcessStatus

if TYPE_CHECKING:
    from .clocks import WorkingDayCalendar


class InformationRequestQuerySet(models.QuerySet):
    def overdue(self, today: dt.date) -> InformationRequestQuerySet:
        """Requests still awaited after their due date."""
        return self.filter(status=InformationRequestStatus.AWAITED, due_on__lt=today)


class InformationRequest(models.Model):
    """A rapid review's request to one agency for what it knew of the child and family.

    The rapid review has 15 working days, so each agency is given a short deadline (by default
    ``ReviewRules.information_request_working_days`` after sending); an awaited reply after its
    due date is overdue and tagged so on the review's page.
    """

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, related_name="information_requests"
    )
    agency = models.ForeignKey(
        "partnership.Agency", on_delete=models.PROTECT, related_name="review_information_requests"
    )
    asked = models.TextField(
        "what is asked",
        max_length=1000,
        help_text="For example: a chronology of contact with the family in the last 12 months.",
    )
    sent_on = models.DateField("date sent")
    due_on = models.DateField("due date")
    received_on = models.DateField("date received", null=True, blank=True)
    status = models.CharField(
        max_length=20,
        choices=InformationRequestStatus.choices,
        default=InformationRequestStatus.AWAITED,
    )

    objects = InformationRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "agency__name", "pk"]

    def __str__(self) -> str:
        return f"{self.review}: request to {self.agency}"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == InformationRequestStatus.AWAITED and self.due_on < today

    def working_days_overdue(self, today: dt.date, calendar: WorkingDayCalendar) -> int:
        return calendar.between(self.due_on, today) if self.is_overdue(today) else 0

    @staticmethod
    def default_due_on(
        sent_on: dt.date, working_days: int, calendar: WorkingDayCalendar
    ) -> dt.date:
        """``working_days`` working days after sending (the day sent is day 0)."""
        return calendar.add(sent_on, working_days)


class ParallelProcess(models.Model):
    """Another process about the same death or harm (a child death review, a domestic homicide
    review, a safeguarding adult review, an IOPC investigation, an inquest), so the review can
    share learning with it and the rapid review report can list it."""

    review = models.ForeignKey(
        "reviews.Review", on_delete=models.CASCADE, related_name="parallel_processes"
    )
    kind = models.CharField(max_length=20, choices=ParallelProcessKind.choices)
    reference = models.CharField(
        max_length=200,
        blank=True,
        help_text="The other process's reference or who leads it, like DHR 2024/03 or the "
        "Community Safety Partnership. No names of family members.",
    )
    status = models.CharField(
        max_length=20, choices=ParallelProcessStatus.choices, default=ParallelProcessStatus.PLANNED
    )

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name_plural = "parallel processes"

    def __str__(self) -> str:
        return f"{self.review}: {self.get_kind_display()}"


class ReminderSent(models.Model):
    """One reminder e-mail about one clock on one day: the record that makes
    ``scrutineer reviews remind`` send at most one e-mail per clock per day.

    The unique constraint is the claim: the row is written before the e-mail goes, so two runs
    at once cannot both send; if sending fails, the row is deleted and the next run tries again.
    """

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="reminders")
    clock = models.CharField(max_length=30)
    deadline = models.DateField()
    sent_on = models.DateField()
    recipients = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "review__name", "clock"]
        constraints = [
            models.UniqueConstraint(
                fields=["review", "clock", "sent_on"], name="reviews_one_reminder_per_clock_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.review}: {self.clock} reminder, {self.sent_on:%Y-%m-%d}"
