"""The access log page's filters: person, action, record type and a range of days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms

from .models import AccessLogEntry, record_type_label

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"]


def _date_field(label: str, name: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        help_text="For example, 23/11/2026",
        error_messages={"invalid": f"The {name} must be a real date, like 23/11/2026"},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class AccessLogFilterForm(forms.Form):
    """Filters from the query string. Every field is optional; an empty form matches all.

    ``record_types`` are the types present in the log, so the list offers only types that
    will find something.
    """

    person = forms.CharField(
        label="Person",
        required=False,
        max_length=150,
        help_text="All or part of a username",
        error_messages={"max_length": "The person must be 150 characters or fewer"},
    )
    action = forms.ChoiceField(
        label="Action",
        required=False,
        choices=[("", "Any action"), *AccessLogEntry.Action.choices],
        error_messages={"invalid_choice": "Select an action from the list"},
    )
    record_type = forms.ChoiceField(
        label="Record type",
        required=False,
        error_messages={"invalid_choice": "Select a record type from the list"},
    )
    since = _date_field("From date", "from date")
    until = _date_field("To date", "to date")

    def __init__(self, data: Any = None, *, record_types: Iterable[str] = ()) -> None:
        super().__init__(data)
        choices = [(value, record_type_label(value)) for value in record_types]
        choices.sort(key=lambda choice: choice[1].lower())
        self.fields["record_type"].choices = [("", "Any record type"), *choices]  # type: ignore[attr-defined]
        self.fields["person"].widget.attrs["spellcheck"] = "false"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "The to date must be the same as or after the from date")
        return cleaned

    def filters(self) -> dict[str, Any]:
        """Keyword arguments for ``AccessLogEntry.objects.matching``: none unless valid."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "person": data["person"].strip(),
            "action": data["action"],
            "object_type": data["record_type"],
            "since": data["since"],
            "until": data["until"],
        }

    def describe(self) -> str:
        """The filters in words, for the description of an export."""
        filters = self.filters()
        parts = []
        if filters.get("person"):
            parts.append(f"person contains {filters['person']!r}")
        if filters.get("action"):
            parts.append(f"action {filters['action']}")
        if filters.get("object_type"):
            parts.append(f"record type {filters['object_type']}")
        for key, word in (("since", "from"), ("until", "to")):
            day: dt.date | None = filters.get(key)
            if day:
                parts.append(f"{word} {day:%Y-%m-%d}")
        return f"({'; '.join(parts)})" if parts else "(all entries)"
