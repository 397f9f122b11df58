"""The form the business unit fills in to issue an agency an API token."""

from __future__ import annotations

from django import forms

from scrutineer.partnership.models import Agency


class TokenIssueForm(forms.Form):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(active=True),
        label="Agency",
        help_text="The token will read and submit this agency's returns, and no other's.",
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency the token is for"},
    )
    name = forms.CharField(
        label="What will use it",
        max_length=120,
        help_text="So that you can tell tokens apart, like “Police BI server” or “Power BI "
        "export, 2025”.",
        error_messages={
            "required": "Enter what will use the token",
            "max_length": "What will use it must be 120 characters or fewer",
        },
    )

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())
