"""The challenge log: questions the scrutineer puts to partners, and their answers.

A challenge names its source generically (a type such as ``trends.suggestion``, an id and a label
to show), as recommendations do, because the apps that raise challenges (trends, audits,
reviews, voice) depend on this one and not the other way round. They create challenges through
``services.challenge_raise``.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models

from scrutineer.partnership.models import Agency

from .querysets import ChallengeQuerySet


class ChallengeStatus(models.TextChoices):
    OPEN = "open", "Awaiting response"
    RESPONDED = "responded", "Responded"
    CLOSED = "closed", "Closed"


class Challenge(models.Model):
    """A question put to an agency (or to the whole partnership), with the evidence behind it."""

    question = models.TextField()
    evidence = models.TextField(blank=True, help_text="What prompted the question")
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name="addressed to",
        help_text="Leave blank to address the whole partnership",
    )
    due_on = models.DateField("response due")
    status = models.CharField(
        max_length=10, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN
    )
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_type = models.CharField(max_length=60, blank=True)
    source_id = models.CharField(max_length=60, blank=True)
    source_label = models.CharField("source", max_length=200, blank=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    raised_at = models.DateTimeField(auto_now_add=True)

    objects: ClassVar[ChallengeQuerySet] = ChallengeQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["status", "due_on", "pk"]
        indexes = [models.Index(fields=["source_type", "source_id"])]

    def __str__(self) -> str:
        return self.question[:80]

    @property
    def reference(self) -> str:
        return f"C{self.pk:03d}" if self.pk else "C—"

    def is_overdue(self, today: dt.date) -> bool:
        return self.status == ChallengeStatus.OPEN and self.due_on < today
