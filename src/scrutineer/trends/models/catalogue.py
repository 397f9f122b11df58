"""The partnership's agreed data set: what each indicator means and how it is read."""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.core.validators import RegexValidator
from django.db import models

from scrutineer.partnership.models import Agency, Priority, Sector

from ..periods import Frequency, key, label
from ..querysets import IndicatorQuerySet


class Unit(models.TextChoices):
    COUNT = "count", "Count"
    RATE_10K = "rate_10k", "Rate per 10,000 children"
    PERCENTAGE = "percentage", "Percentage"
    DAYS = "days", "Days"
    RATE = "rate", "Rate (other base)"


class Polarity(models.TextChoices):
    UP = "up", "Higher is better"
    DOWN = "down", "Lower is better"
    NEUTRAL = "neutral", "Neither higher nor lower is better"


class FrequencyChoice(models.TextChoices):
    MONTHLY = Frequency.MONTHLY.value, "Monthly"
    QUARTERLY = Frequency.QUARTERLY.value, "Quarterly"
    ANNUAL = Frequency.ANNUAL.value, "Annual"


class Source(models.TextChoices):
    RETURN = "return", "Agency return"
    CASEDATA = "casedata", "Computed from case-level data"
    PUBLISHED = "published", "Published statistics"


code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*$",
    "Use lower-case letters, digits and underscores, starting with a letter, like referral_rate",
)


class Indicator(models.Model):
    """One measure in the agreed data set: its definition, who supplies it and how to read it.

    ``code`` is the stable identifier used in templates, CSV files, the API and the command line;
    the codes of ``../shared/domain.md`` section 6 are kept for the DfE's measures.
    ``benchmark_code`` names the published measure it compares with (blank when none is published).
    """

    code = models.CharField(max_length=60, unique=True, validators=[code_validator])
    name = models.CharField(max_length=200)
    definition = models.TextField(help_text="In plain English: what is counted, and over what")
    agency = models.ForeignKey(
        Agency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name="source agency",
        help_text="The agency that submits this figure",
    )
    sector = models.CharField(max_length=20, choices=Sector.choices)
    unit = models.CharField(max_length=12, choices=Unit.choices)
    numerator = models.CharField(
        max_length=200, blank=True, help_text="Where a ratio: what is counted"
    )
    denominator = models.CharField(
        max_length=200, blank=True, help_text="Where a ratio: out of what"
    )
    polarity = models.CharField(max_length=8, choices=Polarity.choices, default=Polarity.NEUTRAL)
    frequency = models.CharField(
        max_length=10, choices=FrequencyChoice.choices, default=FrequencyChoice.MONTHLY
    )
    priorities = models.ManyToManyField(Priority, blank=True, related_name="indicators")
    target = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    benchmark_code = models.CharField(
        "published benchmark",
        max_length=60,
        blank=True,
        help_text="The DfE measure it compares with, like referral_rate",
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.RETURN)
    screen_outliers = models.BooleanField(
        "screen large moving ranges",
        default=True,
        help_text="Leave out moving ranges of 3.267 times the average or more before the limits are set",
    )
    fix_limits_after = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="Fix the process limits after this many points (blank: use every point)",
    )
    active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    objects: ClassVar[IndicatorQuerySet] = IndicatorQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_ratio(self) -> bool:
        return self.unit in (Unit.RATE_10K, Unit.PERCENTAGE, Unit.RATE)

    @property
    def decimals(self) -> int:
        """Places shown: rates and percentages to 1 dp, looked-after rates to a whole number."""
        if self.code == "cla_rate" or self.unit in (Unit.COUNT,):
            return 0
        return 1

    def period_key(self, start: dt.date) -> str:
        return key(start, self.frequency)

    def period_label(self, start: dt.date) -> str:
        return label(start, self.frequency)


class ChangePoint(models.Model):
    """A known change in how the work is done (a new front-door model, a new notification
    scheme): the process limits are re-based from this period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="change_points")
    period_start = models.DateField("from period")
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["indicator", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_start"], name="one_change_point_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} from {self.period_start}: {self.reason}"


class IndicatorNote(models.Model):
    """Context that explains a figure: what the analyst or the agency knows that the data does not."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="notes")
    period_start = models.DateField("period", null=True, blank=True)
    text = models.TextField()
    author = models.ForeignKey(
        "partnership.User", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:60]
