"""Forms of the challenge log: the list's filters, raising a challenge, answering one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from scrutineer.partnership.models import Agency

from .models import Challenge, ChallengeStatus

DATE_HINT = "For example, 27/3/2026"
OVERDUE = "overdue"
WHOLE_PARTNERSHIP = "The whole partnership"


def due_date_field(label: str = "Response due") -> forms.DateField:
    """A GOV.UK-style date field for a due date that must be after today."""
    field = forms.DateField(
        label=label,
        help_text=f"At least tomorrow. {DATE_HINT}",
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"spellcheck": "false"}),
        error_messages={
            "required": "Enter the date the response is due",
            "invalid": "The due date must be a real date, written as day/month/year, like 27/3/2026",
        },
    )
    field.govuk_width = "10"  # type: ignore[attr-defined]
    return field


def check_due(value: dt.date | None, today: dt.date) -> dt.date | None:
    if value is not None and value <= today:
        raise forms.ValidationError("The due date must be after today")
    return value


def agency_field(label: str = "Addressed to") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Agency.objects.filter(active=True),
        required=False,
        label=label,
        empty_label=WHOLE_PARTNERSHIP,
        help_text="The agency that should answer. Choose the whole partnership when no one "
        "agency should.",
    )


class FilterForm(forms.Form):
    """The list's filters, read from the query string; an unknown value is ignored."""

    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Any status"), (OVERDUE, "Overdue"), *ChallengeStatus.choices],
    )
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(active=True), required=False, label="Addressed to"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].empty_label = "Any agency"  # type: ignore[attr-defined]

    def apply(self, challenges: QuerySet[Challenge], *, today: dt.date) -> QuerySet[Challenge]:
        if not self.is_valid():
            return challenges
        data = self.cleaned_data
        if data.get("agency"):
            challenges = challenges.filter(agency=data["agency"])
        if data.get("status") == OVERDUE:
            challenges = challenges.overdue(today)  # type: ignore[attr-defined]
        elif data.get("status"):
            challenges = challenges.filter(status=data["status"])
        return challenges


class RaiseForm(forms.Form):
    """A challenge typed in by hand: from a meeting, a document, something heard."""

    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One question, in plain words, that the agency can answer.",
        error_messages={"required": "Enter the question"},
        max_length=4000,
    )
    evidence = forms.CharField(
        label="What prompted it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The evidence behind the question: figures, a finding, what was heard.",
        max_length=8000,
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["agency"] = agency_field()
        self.fields["due_on"] = due_date_field()

    def clean_question(self) -> str:
        question = self.cleaned_data["question"].strip()
        if not question:
            raise forms.ValidationError("Enter the question")
        return question

    def clean_due_on(self) -> dt.date | None:
        return check_due(self.cleaned_data.get("due_on"), self.today)


class RespondForm(forms.Form):
    """The agency's answer. ``seen`` is when the answer shown on the page was recorded (blank
    for none), so that an answer recorded by someone else meanwhile is not overwritten."""

    response = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What the agency found, what it is doing, and by when. Do not name children "
        "or families.",
        error_messages={"required": "Enter the response"},
        max_length=20000,
    )
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_response(self) -> str:
        response = self.cleaned_data["response"].strip()
        if not response:
            raise forms.ValidationError("Enter the response")
        return response

    def clean_seen(self) -> dt.datetime | None:
        seen = self.cleaned_data.get("seen") or ""
        if not seen:
            return None
        try:
            return dt.datetime.fromisoformat(seen)
        except ValueError:
            raise forms.ValidationError(
                "The page was out of date: open the challenge again and re-enter the response"
            ) from None
