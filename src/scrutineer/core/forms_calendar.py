"""Forms for the business unit's calendar page and the working-day calculator."""

from __future__ import annotations

import datetime as dt

from django import forms

from .models import BankHolidayOverride

DATE_HELP = "For example, 29/12/2026 or 2026-12-29"


class DateField(forms.DateField):
    """A date typed as text, in the two ways people write them here."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y", "%d-%m-%Y"])
        kwargs.setdefault("help_text", DATE_HELP)
        kwargs.setdefault(
            "error_messages",
            {"invalid": "Enter a real date, like 29/12/2026", "required": "Enter a date"},
        )
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.widget.attrs.update(
            {"class": "govuk-input govuk-input--width-10", "spellcheck": "false"}
        )


class ClosureDayForm(forms.Form):
    date = DateField(label="Date the partnership is closed")
    reason = forms.CharField(
        max_length=200,
        label="Reason",
        help_text="For example, the office closes between Christmas and New Year",
        error_messages={"required": "Enter the reason the partnership is closed"},
    )


class OverrideForm(forms.Form):
    date = DateField(label="Date")
    kind = forms.ChoiceField(
        label="Correction",
        choices=BankHolidayOverride.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to add or remove a bank holiday"},
    )
    name = forms.CharField(
        max_length=120,
        label="Name",
        help_text="For example, a proclaimed one-off bank holiday",
        error_messages={"required": "Enter the name of the bank holiday"},
    )


class CalculatorForm(forms.Form):
    """Add working days to a date, or count the working days between two dates."""

    start = DateField(label="From")
    days = forms.IntegerField(
        label="Working days to add",
        required=False,
        min_value=-2000,
        max_value=2000,
        help_text="Negative to count back. Leave blank to count to the date below instead.",
        error_messages={"invalid": "Enter working days as a whole number, like 15"},
    )
    end = DateField(
        label="To",
        required=False,
        help_text="To count the working days from the first date to this one",
    )
    with_closures = forms.BooleanField(
        label="Also skip the partnership's closure days",
        required=False,
        help_text="Only for the partnership's own deadlines, never for statutory clocks",
    )

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if cleaned.get("days") is None and cleaned.get("end") is None and not self.errors:
            raise forms.ValidationError("Enter working days to add, or a date to count to")
        return cleaned

    def answer(self, calendar: object) -> str:
        from .workdays import OutsideCalendar, WorkingDayCalendar

        assert isinstance(calendar, WorkingDayCalendar)
        start: dt.date = self.cleaned_data["start"]
        try:
            if self.cleaned_data.get("days") is not None:
                days = self.cleaned_data["days"]
                result = calendar.add(start, days)
                direction = "after" if days >= 0 else "before"
                return f"{abs(days)} working days {direction} {start:%-d %B %Y} is {result:%A %-d %B %Y}."
            end: dt.date = self.cleaned_data["end"]
            count = calendar.between(start, end)
            return f"There are {count} working days after {start:%-d %B %Y} up to and including {end:%-d %B %Y}."
        except OutsideCalendar as error:
            return f"Cannot work that out: {error}."
