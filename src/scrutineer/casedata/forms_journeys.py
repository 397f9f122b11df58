"""The journeys filter form: a reporting year and who, sent by GET so a view has an address."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from .engine import codes
from .forms_people import PeopleFilters, named
from .journeys import Filters

FIRST_YEAR, LAST_YEAR = 2000, 2100


def reporting_year(day: dt.date) -> int:
    """The reporting year (ending 31 March) that ``day`` falls in."""
    return day.year + 1 if day.month >= 4 else day.year


class JourneysForm(PeopleFilters):
    field_order = ("year", "age_band", "sex", "ethnicity", "disability", "factor")
    year = forms.IntegerField(
        label="Reporting year ending 31 March",
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        # A text input, as GOV.UK advises for numbers: a number input spins and loses input.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        help_text="For example, 2025 for 1 April 2024 to 31 March 2025",
        error_messages={
            "required": "Enter the reporting year, like 2025",
            "invalid": "Enter the reporting year as a 4-digit year, like 2025",
            "min_value": f"Enter a reporting year from {FIRST_YEAR} to {LAST_YEAR}",
            "max_value": f"Enter a reporting year from {FIRST_YEAR} to {LAST_YEAR}",
        },
    )
    factor = forms.ChoiceField(
        label="Factor at assessment",
        required=False,
        choices=named(tuple(codes.FACTORS)),
        help_text="Children whose referral had an assessment with this factor, like domestic "
        "abuse (any of 3A, 3B, 3C)",
    )

    def describe(self) -> str:
        """The filters chosen, in the form's own words, for captions, the CSV and the log:
        "age band at referral 1 to 4, sex female", or "all children"."""
        parts = []
        for name in ("age_band", "sex", "ethnicity", "disability", "factor"):
            value = self.cleaned_data.get(name)
            if value:
                field = self.fields[name]
                chosen = dict(field.choices)[value]  # type: ignore[attr-defined]
                parts.append(f"{str(field.label).lower()} {str(chosen).lower()}")
        return ", ".join(parts) or "all children"

    def filters(self) -> Filters:
        data: dict[str, Any] = self.cleaned_data
        return Filters(
            age_band=data["age_band"],
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            disability=data["disability"],
            factor=data["factor"],
        )
