"""The case sampling form: criteria, size, seed and stratification, sent by GET so a sample
has an address that gives the same sample again."""

from __future__ import annotations

from typing import Any

from django import forms

from .engine import codes
from .forms_people import ANY, PeopleFilters, named
from .sampling import LEGAL_STATUSES, STRATA, Criteria


class SampleForm(PeopleFilters):
    field_order = (
        "category", "within_months", "factor", "age_band", "sex", "ethnicity", "disability",
        "legal_status", "size", "seed", "stratify",
    )  # fmt: skip
    category = forms.ChoiceField(
        label="Child protection plan category",
        required=False,
        choices=ANY + [(c, c) for c in codes.CP_CATEGORIES],
        help_text="NEG neglect, PHY physical, SAB sexual, EMO emotional abuse, MUL multiple",
    )
    within_months = forms.IntegerField(
        label="Started within the last (months)",
        required=False,
        min_value=1,
        max_value=600,
        help_text="The plan's start if a category is chosen, else the referral's",
        error_messages={
            "min_value": "Enter a number of months from 1 to 600",
            "max_value": "Enter a number of months from 1 to 600",
            "invalid": "Enter a whole number of months, like 12",
        },
    )
    factor = forms.ChoiceField(
        label="Factor at assessment", required=False, choices=named(tuple(codes.FACTORS))
    )
    legal_status = forms.ChoiceField(
        label="Legal status (looked after)",
        required=False,
        choices=ANY + [(s, s) for s in LEGAL_STATUSES],
    )
    size = forms.IntegerField(
        label="Sample size",
        min_value=1,
        max_value=200,
        initial=10,
        error_messages={
            "required": "Enter how many children to sample, like 10",
            "min_value": "Enter a sample size from 1 to 200",
            "max_value": "Enter a sample size from 1 to 200",
            "invalid": "Enter the sample size as a whole number, like 10",
        },
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        max_value=2**31,
        initial=42,
        help_text="The same seed gives the same sample again",
        error_messages={
            "required": "Enter a seed, like 42",
            "invalid": "Enter the seed as a whole number, like 42",
            "min_value": "Enter a seed of 0 or more",
        },
    )
    stratify = forms.ChoiceField(
        label="Stratify by",
        required=False,
        choices=[("", "No: a simple random sample"), *named(STRATA)[1:]],
    )

    def criteria(self) -> Criteria:
        data: dict[str, Any] = self.cleaned_data
        return Criteria(
            category=data["category"],
            within_months=data["within_months"],
            factor=data["factor"],
            age_band=data["age_band"],
            sex=data["sex"],
            ethnicity=data["ethnicity"],
            disability=data["disability"],
            legal_status=data["legal_status"],
        )
