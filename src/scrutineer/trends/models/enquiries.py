"""Suggested lines of enquiry: questions the evidence raises, for the scrutineer to put or set aside."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from scrutineer.partnership.models import Agency

from ..querysets import SuggestionQuerySet
from .catalogue import Indicator


class SuggestionKind(models.TextChoices):
    SIGNAL = "signal", "Special-cause signal"
    BENCHMARK = "benchmark", "Gap against benchmark"
    MISSING_RETURN = "missing_return", "Missing return"


class SuggestionStatus(models.TextChoices):
    OPEN = "open", "Suggested"
    ACCEPTED = "accepted", "Put to partners"
    DISMISSED = "dismissed", "Set aside"


class Suggestion(models.Model):
    """A question the data suggests. ``key`` names the signal it came from, so the same signal
    never makes a second suggestion, whether the first was accepted, dismissed or is still open."""

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=16, choices=SuggestionKind.choices)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="suggestions"
    )
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField("line of enquiry")
    evidence = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=SuggestionStatus.choices, default=SuggestionStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    dismissed_reason = models.TextField("reason for setting aside", blank=True)
    challenge = models.ForeignKey(
        "challenges.Challenge", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects: ClassVar[SuggestionQuerySet] = SuggestionQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["status", "-created_at"]

    def __str__(self) -> str:
        return self.text[:80]
