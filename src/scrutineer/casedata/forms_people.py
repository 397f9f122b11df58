"""The filters on who children are, shared by the sampling and journeys forms.

Both pages choose children by the same characteristics, with the same labels and the same
codes as the indicator engine's splits, so a person filtering one page filters the other alike.
"""

from __future__ import annotations

from django import forms

from .engine import codes

ANY = [("", "Any")]


def named(values: tuple[str, ...]) -> list[tuple[str, str]]:
    """Choices for codes that read as words (``domestic_abuse`` -> "Domestic abuse"), after Any."""
    return ANY + [(v, v.replace("_", " ").capitalize()) for v in values]


class PeopleFilters(forms.Form):
    """Age band, sex, ethnic group and disability: each optional, "Any" by default."""

    age_band = forms.ChoiceField(
        label="Age band at referral",
        required=False,
        choices=named((*tuple(n for n, _, _ in codes.AGE_BANDS), codes.UNKNOWN)),
    )
    sex = forms.ChoiceField(
        label="Sex",
        required=False,
        choices=[*ANY, ("F", "Female"), ("M", "Male"), ("U", "Unknown")],
    )
    ethnicity = forms.ChoiceField(
        label="Ethnic group", required=False, choices=named(codes.ETHNIC_GROUPS)
    )
    disability = forms.ChoiceField(
        label="Disability", required=False, choices=named(codes.DISABILITY)
    )
