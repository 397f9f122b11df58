"""Forms for suggested lines of enquiry: accepting one into the challenge log, setting one
aside, and the list's status filter."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from scrutineer.challenges.forms import agency_field, check_due, due_date_field

from .models import SuggestionStatus

ALL = ""


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(
        required=False,
        label="Show",
        choices=[(ALL, "Every suggestion"), *SuggestionStatus.choices],
    )

    def chosen(self) -> str:
        return self.cleaned_data.get("status", ALL) if self.is_valid() else ALL


class AcceptForm(forms.Form):
    """The question as it will be put, to whom, and by when an answer is due."""

    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Edit the suggested words as you wish: this is what the agency will read.",
        error_messages={"required": "Enter the question to put to partners"},
        max_length=4000,
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["agency"] = agency_field()
        self.fields["due_on"] = due_date_field()

    def clean_question(self) -> str:
        question = self.cleaned_data["question"].strip()
        if not question:
            raise forms.ValidationError("Enter the question to put to partners")
        return question

    def clean_due_on(self) -> dt.date | None:
        return check_due(self.cleaned_data.get("due_on"), self.today)


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Why are you setting this suggestion aside?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: the rise follows a change in recording, explained at the "
        "Executive in March. The reason is kept with the suggestion.",
        error_messages={"required": "Enter the reason for setting this suggestion aside"},
        max_length=4000,
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for setting this suggestion aside")
        return reason
