"""Forms of the trends pages: the overview's and the catalogue's filters, an indicator, a
re-basing point and a note.

Each message says what is wrong and how to put it right, in the words of the page.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet

from scrutineer.core.concern import looks_like_concern
from scrutineer.partnership.concern import concern_message
from scrutineer.partnership.models import Agency, Priority, Sector

from . import periods
from .models import ChangePoint, FrequencyChoice, Indicator, IndicatorNote, Polarity, Source, Unit

RATIO_UNITS = (Unit.RATE_10K, Unit.PERCENTAGE, Unit.RATE)
CODE_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
CODE_HINT = "Lower-case letters, digits and underscores, starting with a letter, like referral_rate"


class OverviewFilterForm(forms.Form):
    """The overview's filters, read from the query string; an unknown value is ignored."""

    priority = forms.ModelChoiceField(
        queryset=Priority.objects.filter(active=True), required=False, label="Priority"
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(active=True), required=False, label="Source agency"
    )
    sector = forms.ChoiceField(required=False, label="Sector", choices=[])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].empty_label = "Every priority"  # type: ignore[attr-defined]
        self.fields["agency"].empty_label = "Every agency"  # type: ignore[attr-defined]
        self.fields["sector"].choices = [("", "Every sector"), *Sector.choices]  # type: ignore[attr-defined]

    def _valid(self) -> dict[str, Any]:
        """The filters that were understood: a stale link (a priority since removed) drops
        that filter rather than showing an error."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}

    def apply(self, indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
        data = self._valid()
        if data.get("priority"):
            indicators = indicators.filter(priorities=data["priority"])
        if data.get("agency"):
            indicators = indicators.filter(agency=data["agency"])
        if data.get("sector"):
            indicators = indicators.filter(sector=data["sector"])
        return indicators

    @property
    def active_filters(self) -> bool:
        return bool(self._valid())

    def describe(self) -> str:
        """The filters in words, for the access log's export entry."""
        data = self._valid()
        return ", ".join(f"{name}={value}" for name, value in data.items()) or "no filters"


class CatalogueFilterForm(OverviewFilterForm):
    """The catalogue's filters: the overview's, and whether an indicator is in use."""

    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "In use and retired"), ("active", "In use"), ("retired", "Retired")],
    )

    def apply(self, indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
        indicators = super().apply(indicators)
        status = self._valid().get("status")
        if status == "active":
            indicators = indicators.filter(active=True)
        elif status == "retired":
            indicators = indicators.filter(active=False)
        return indicators


class IndicatorForm(forms.ModelForm):
    """Every field of an indicator, with the rules that keep the catalogue consistent."""

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "definition",
            "agency",
            "sector",
            "unit",
            "numerator",
            "denominator",
            "polarity",
            "frequency",
            "target",
            "priorities",
            "benchmark_code",
            "source",
            "screen_outliers",
            "fix_limits_after",
            "active",
            "order",
        ]
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 4}),
            "polarity": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "unit": forms.RadioSelect,
            "source": forms.RadioSelect,
            "priorities": forms.CheckboxSelectMultiple,
            "target": forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
            "fix_limits_after": forms.TextInput(attrs={"inputmode": "numeric"}),
            "order": forms.TextInput(attrs={"inputmode": "numeric"}),
            "code": forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
            "benchmark_code": forms.TextInput(attrs={"spellcheck": "false"}),
        }
        labels = {
            "active": "In use (shown on the overview and in return templates)",
            "order": "Position in lists",
            "source": "Where the figures come from",
            "polarity": "Which way is better",
        }
        help_texts = {
            "code": f"{CODE_HINT}. Files, the API and the command line use it.",
            "target": "Optional. A number only, like 85 for 85% or 12.5; leave blank for none.",
            "order": "Lower numbers come first.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["agency"].empty_label = "No agency (computed or published)"  # type: ignore[attr-defined]
        self.fields["priorities"].queryset = Priority.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["target"].error_messages["invalid"] = (
            "The target must be a number only, like 85 or 12.5, without a % sign or words"
        )
        self.fields["fix_limits_after"].error_messages["invalid"] = (
            "Enter the number of points as a whole number, like 12"
        )
        self.fields["order"].error_messages["invalid"] = "Enter the position as a whole number"
        self.fields["order"].required = False
        for name, message in (
            ("code", "Enter a code, like referral_rate"),
            ("name", "Enter the indicator's name"),
            ("definition", "Enter the definition: what is counted, and over what"),
            ("sector", "Choose the sector that supplies the figure"),
            ("unit", "Choose the unit"),
            ("polarity", "Choose whether higher or lower is better"),
            ("frequency", "Choose how often the figure is reported"),
            ("source", "Choose where the figure comes from"),
        ):
            self.fields[name].error_messages["required"] = message
        self.fields["sector"].choices = [("", "Choose a sector"), *Sector.choices]  # type: ignore[attr-defined]
        # Radios need no empty choice: the error message asks for one if none is chosen.
        for name, choices in (
            ("unit", Unit.choices),
            ("polarity", Polarity.choices),
            ("frequency", FrequencyChoice.choices),
            ("source", Source.choices),
        ):
            self.fields[name].choices = choices  # type: ignore[attr-defined]
        self.has_figures = bool(
            self.instance.pk
            and (self.instance.values.exists() or self.instance.observations.exists())
        )
        if self.has_figures:
            self.fields[
                "code"
            ].help_text = "The code cannot change now that figures have been submitted for it."
            self.fields["code"].disabled = True
            self.fields[
                "frequency"
            ].help_text = "The frequency cannot change now that figures have been submitted for it."
            self.fields["frequency"].disabled = True

    def clean_code(self) -> str:
        code = str(self.cleaned_data.get("code") or "").strip()
        if code and not CODE_PATTERN.match(code):
            raise forms.ValidationError(
                f"The code can only use {CODE_HINT[0].lower()}{CODE_HINT[1:]}"
            )
        return code

    def clean_benchmark_code(self) -> str:
        code = str(self.cleaned_data.get("benchmark_code") or "").strip()
        if code and not CODE_PATTERN.match(code):
            raise forms.ValidationError(
                "The published benchmark must be a DfE measure code like referral_rate, "
                "or blank for none"
            )
        return code

    def clean_fix_limits_after(self) -> int | None:
        value = self.cleaned_data.get("fix_limits_after")
        if value is not None and value < 2:
            raise forms.ValidationError(
                "Limits need at least 2 points to be fixed on: enter 2 or more, or leave it blank"
            )
        return value

    def clean_order(self) -> int:
        value = self.cleaned_data.get("order")
        return 0 if value is None else value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        unit = cleaned.get("unit")
        if unit in RATIO_UNITS:
            label = dict(Unit.choices)[unit].lower()
            for part in ("numerator", "denominator"):
                if not str(cleaned.get(part) or "").strip():
                    what = "what is counted" if part == "numerator" else "what it is out of"
                    self.add_error(part, f"Enter the {part} ({what}): a {label} needs one")
        target: Decimal | None = cleaned.get("target")
        if target is not None and unit == Unit.PERCENTAGE and not 0 <= target <= 100:
            self.add_error("target", "A percentage target must be between 0 and 100")
        if target is not None and unit == Unit.COUNT and target < 0:
            self.add_error("target", "A count cannot be below 0, so neither can its target")
        return cleaned


class ChangePointForm(forms.Form):
    """A known change in how the work is done, from which the process limits start again."""

    period = forms.CharField(
        label="From which period",
        max_length=20,
        error_messages={"required": "Enter the period the change took effect"},
    )
    reason = forms.CharField(
        label="What changed",
        max_length=200,
        help_text="In a few words, like 'new front door model'. It is shown on the chart.",
        error_messages={"required": "Enter what changed"},
    )

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["period"].help_text = _period_hint(indicator.frequency)

    def clean_period(self) -> dt.date:
        try:
            start = periods.parse(self.cleaned_data["period"], self.indicator.frequency)
        except periods.PeriodError as error:
            raise forms.ValidationError(f"The period must be {_expected(error)}") from None
        if ChangePoint.objects.filter(indicator=self.indicator, period_start=start).exists():
            raise forms.ValidationError(
                f"The limits already start again from {periods.label(start, self.indicator.frequency)}"
            )
        return start


class NoteForm(forms.ModelForm):
    """Context for a figure: what the analyst or the agency knows that the data does not.

    Free text, so it asks before saving anything that reads like a live concern about a child
    (``core.concern``): this service does not take concerns.
    """

    period = forms.CharField(label="Period", max_length=20, required=False)
    not_a_concern = forms.BooleanField(
        label="This is not a concern about a particular child", required=False
    )

    class Meta:
        model = IndicatorNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": "Note"}
        help_texts = {
            "text": "Do not name or describe a child or family: this is about the figures."
        }
        error_messages = {"text": {"required": "Enter the note"}}

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields[
            "period"
        ].help_text = f"The period the note is about, if one. {_period_hint(indicator.frequency)}"
        self.order_fields(["period", "text", "not_a_concern"])

    @property
    def asks_about_concern(self) -> bool:
        """Show the 'not a concern' box once the check has stopped a save, or once ticked."""
        return self.is_bound and (
            "not_a_concern" in self.errors or bool(self.data.get("not_a_concern"))
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if looks_like_concern(cleaned.get("text") or "") and not cleaned.get("not_a_concern"):
            self.add_error("not_a_concern", concern_message())
        return cleaned

    def clean_period(self) -> dt.date | None:
        text = self.cleaned_data.get("period", "").strip()
        if not text:
            return None
        try:
            return periods.parse(text, self.indicator.frequency)
        except periods.PeriodError as error:
            raise forms.ValidationError(f"The period must be {_expected(error)}") from None


def _period_hint(frequency: str) -> str:
    return {
        "monthly": "Write a month like 2024-04 (April 2024).",
        "quarterly": "Write a financial quarter like 2024-25 Q1 (April to June 2024).",
        "annual": "Write a financial year like 2024-25.",
    }[frequency]


def _expected(error: periods.PeriodError) -> str:
    """What the period parser expected, from its message ("'x' is not a month written like...")."""
    text = str(error)
    return text.split(" is not ", 1)[1] if " is not " in text else text
