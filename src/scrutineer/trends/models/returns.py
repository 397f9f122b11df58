"""Agencies' data returns: each submission kept as a version, and the current series built from them.

A return is one agency's figures for one financial quarter: the three months of each monthly
indicator it supplies, the quarter of each quarterly one, and (in the January to March return)
the year of each annual one. Every upload, CSV or API call that passes validation becomes a new
``Submission`` with its own ``Observation`` rows; nothing is overwritten. ``SeriesValue`` holds
the current figure for each indicator and period (from the latest submission, or computed from
case-level data) so that pages read one table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import ClassVar

from django.conf import settings
from django.db import models

from scrutineer.partnership.models import Agency

from ..periods import key, label
from ..querysets import ApiTokenQuerySet, DataReturnQuerySet, SeriesValueQuerySet
from .catalogue import Indicator, Source


class DataReturn(models.Model):
    """One agency's return for one financial quarter, with the date it is due."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="returns")
    quarter_start = models.DateField("quarter")
    due_on = models.DateField("due")
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[DataReturnQuerySet] = DataReturnQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-quarter_start", "agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "quarter_start"], name="one_return_per_agency_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.label}, {self.quarter_label}"

    @property
    def quarter_key(self) -> str:
        return key(self.quarter_start, "quarterly")

    @property
    def quarter_label(self) -> str:
        return label(self.quarter_start, "quarterly")

    def latest(self) -> Submission | None:
        return self.submissions.order_by("-version").first()

    def is_late(self, today: dt.date) -> bool:
        return today > self.due_on and not self.submissions.exists()


class Channel(models.TextChoices):
    TEMPLATE = "template", "Excel template"
    CSV = "csv", "CSV file"
    API = "api", "API"
    FORM = "form", "Web form"
    DEMO = "demo", "Demo data"


class Submission(models.Model):
    """One version of a return, exactly as it was accepted."""

    data_return = models.ForeignKey(
        DataReturn, on_delete=models.CASCADE, related_name="submissions"
    )
    version = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.ForeignKey(
        "ApiToken", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    submitted_at = models.DateTimeField()
    filename = models.CharField(max_length=255, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["data_return", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["data_return", "version"], name="one_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.data_return}, version {self.version}"


class Observation(models.Model):
    """One figure in one submission. A figure the agency could not give is kept as missing with
    its reason (like suppressed or not available), never as 0."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="observations"
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    period_start = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    missing_reason = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["indicator__order", "indicator__name", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "indicator", "period_start"], name="one_figure_per_submission"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_start}: {self.value}"


class SeriesValue(models.Model):
    """The current figure for an indicator and period, and where it came from."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period_start = models.DateField()
    value = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=16, decimal_places=4, null=True, blank=True)
    missing_reason = models.CharField(max_length=120, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.RETURN)
    submission = models.ForeignKey(
        Submission, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.CharField(
        max_length=80, blank=True, help_text="The case-level snapshot a computed figure came from"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects: ClassVar[SeriesValueQuerySet] = SeriesValueQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="one_value_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_start}: {self.value}"


class ApiToken(models.Model):
    """A key an agency's systems use to submit returns through the API.

    Only a SHA-256 hash of the secret is stored; the secret is shown once when the business unit
    issues it. ``prefix`` (the first characters) identifies the token in lists and logs.
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=120, help_text="What uses it, like the police BI server")
    prefix = models.CharField(max_length=12, unique=True)
    key_hash = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[ApiTokenQuerySet] = ApiTokenQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["agency__name", "-created_at"]

    def __str__(self) -> str:
        return f"{self.agency.label}: {self.name} ({self.prefix}…)"

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def active(self) -> bool:
        return self.revoked_at is None
