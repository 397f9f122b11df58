"""The action tracker: recommendations from any source, and the actions that answer them.

Reviews, audits, challenges and the scrutineer's reports all make recommendations, so a
recommendation names its source generically (a type such as ``reviews.review``, an id and a
label to show) rather than by a foreign key: this app must not depend on the apps that use it.
Those apps create recommendations through ``services.py``.

What the yearly report must show is impact, not activity, so an action records two kinds of
evidence: that it was done (completion), and what changed for children because of it (impact).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models

from scrutineer.partnership.models import Agency, Priority, Role

from .querysets import ActionQuerySet, RecommendationQuerySet


class Recommendation(models.Model):
    """What a review, audit or report recommends the partnership does."""

    source_type = models.CharField(
        max_length=60, help_text="What made the recommendation, like reviews.review"
    )
    source_id = models.CharField(max_length=60, blank=True)
    source_label = models.CharField("source", max_length=200)
    reference = models.CharField(
        max_length=20, blank=True, help_text="As numbered in the report, like R1"
    )
    text = models.TextField("recommendation")
    priorities = models.ManyToManyField(
        Priority, blank=True, related_name="recommendations", verbose_name="priorities"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects: ClassVar[RecommendationQuerySet] = RecommendationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["source_label", "reference", "pk"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        prefix = f"{self.reference}: " if self.reference else ""
        return f"{self.source_label}, {prefix}{self.text[:80]}"

    @property
    def source_key(self) -> str:
        """The value the list's source filter uses."""
        return f"{self.source_type}:{self.source_id}"


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    CANNOT_COMPLETE = "cannot_complete", "Cannot complete"


OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)


class Action(models.Model):
    """One thing an agency will do to meet a recommendation, by a date, with evidence."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="actions"
    )
    description = models.TextField("action")
    owner_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="actions", verbose_name="owner agency"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_actions",
        verbose_name="lead person",
    )
    due_on = models.DateField("due date")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    completed_on = models.DateField("date completed", null=True, blank=True)
    completion_evidence = models.TextField(
        "evidence of completion",
        blank=True,
        help_text="What was done, and where the proof is (a policy, training records, an audit).",
    )
    cannot_complete_reason = models.TextField("why it cannot be completed", blank=True)
    impact_evidence = models.TextField(
        "evidence of impact",
        blank=True,
        help_text="What changed for children because of this action, and how you know.",
    )
    impact_recorded_on = models.DateField("date impact was recorded", null=True, blank=True)
    last_escalated_on = models.DateField(
        "last escalated",
        null=True,
        blank=True,
        help_text="The day the overdue e-mail last went, so it goes at most once a day.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[ActionQuerySet] = ActionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        """Not finished and past its due date (the same rule as ``ActionQuerySet.overdue``)."""
        return self.is_open and self.due_on < today

    @property
    def has_impact_evidence(self) -> bool:
        return bool(self.impact_evidence.strip())

    def can_be_edited_by(self, user: Any) -> bool:
        """The business unit and the Independent Scrutineer, the action's lead person, and the
        owning agency's leads. Everyone else reads."""
        if not user.is_authenticated or not user.is_active:
            return False
        if user.is_superuser or user.role in (Role.BUSINESS_UNIT, Role.SCRUTINEER):
            return True
        if self.lead_id is not None and self.lead_id == user.pk:
            return True
        return bool(user.role == Role.AGENCY_LEAD and user.agency_id == self.owner_agency_id)

    def can_be_replanned_by(self, user: Any) -> bool:
        """Changing what the action is, who owns it and when it is due is for the business unit
        and the scrutineer; the lead and the agency record progress and evidence."""
        return bool(
            user.is_authenticated
            and user.is_active
            and (user.is_superuser or user.role in (Role.BUSINESS_UNIT, Role.SCRUTINEER))
        )


def manages_recommendations(user: Any) -> bool:
    """Who may add recommendations and actions: the business unit and the scrutineer."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (
            user.is_superuser
            or getattr(user, "role", None) in (Role.BUSINESS_UNIT, Role.SCRUTINEER)
        )
    )
