"""The year chooser on the benchmarks page (a GET form: the page works without JavaScript)."""

from __future__ import annotations

from typing import Any

from django import forms


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label="Reporting year",
        coerce=int,
        help_text="A reporting year runs from April to March: 2024-25 is April 2024 to March 2025.",
        error_messages={
            "required": "Choose a reporting year",
            "invalid_choice": "Choose one of the reporting years in the list",
        },
    )

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(year, f"{year - 1}-{year % 100:02d}") for year in years]
