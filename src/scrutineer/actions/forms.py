"""Forms for the action tracker: the list's filters, an action, its progress, a recommendation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet

from scrutineer.partnership.models import Agency, Priority, User

from .models import Action, Recommendation, Status

DATE_HINT = "For example, 27/3/2026"
OVERDUE = "overdue"


def govuk_date(field: forms.Field, label: str) -> None:
    field.widget = forms.DateInput(format="%d/%m/%Y", attrs={"spellcheck": "false"})
    field.help_text = f"{field.help_text} {DATE_HINT}".strip() if field.help_text else DATE_HINT
    field.error_messages["invalid"] = (
        f"The {label} must be a real date, written as day/month/year, like 27/3/2026"
    )
    field.error_messages["required"] = f"Enter the {label}"
    field.govuk_width = "10"  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    """The list's filters, read from the query string; an unknown value is ignored, not an error."""

    source = forms.ChoiceField(required=False, label="Source")
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.filter(active=True), required=False, label="Owner agency"
    )
    priority = forms.ModelChoiceField(
        queryset=Priority.objects.filter(active=True), required=False, label="Priority"
    )
    status = forms.ChoiceField(
        required=False,
        label="Status",
        choices=[("", "Any status"), (OVERDUE, "Overdue"), *Status.choices],
    )

    def __init__(self, *args: Any, sources: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "Every source"), *sources]  # type: ignore[attr-defined]
        self.fields["agency"].empty_label = "Every agency"  # type: ignore[attr-defined]
        self.fields["priority"].empty_label = "Every priority"  # type: ignore[attr-defined]

    def apply(self, actions: QuerySet[Action], *, today: dt.date) -> QuerySet[Action]:
        if not self.is_valid():
            return actions
        data = self.cleaned_data
        if data.get("source"):
            source_type, _, source_id = data["source"].partition(":")
            actions = actions.filter(
                recommendation__source_type=source_type, recommendation__source_id=source_id
            )
        if data.get("agency"):
            actions = actions.filter(owner_agency=data["agency"])
        if data.get("priority"):
            actions = actions.filter(recommendation__priorities=data["priority"])
        if data.get("status") == OVERDUE:
            actions = actions.overdue(today)  # type: ignore[attr-defined]
        elif data.get("status"):
            actions = actions.filter(status=data["status"])
        return actions

    def describe(self) -> str:
        """The filters in words, for the access log's export entry."""
        if not self.is_valid():
            return "no filters"
        parts = [f"{name}={value}" for name, value in self.cleaned_data.items() if value]
        return ", ".join(str(p) for p in parts) or "no filters"


class ProgressForm(forms.ModelForm):
    """What the lead and the owning agency record: status and the two kinds of evidence."""

    class Meta:
        model = Action
        fields = [
            "status",
            "completed_on",
            "completion_evidence",
            "cannot_complete_reason",
            "impact_evidence",
            "impact_recorded_on",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "completion_evidence": forms.Textarea(attrs={"rows": 4}),
            "cannot_complete_reason": forms.Textarea(attrs={"rows": 3}),
            "impact_evidence": forms.Textarea(attrs={"rows": 5}),
        }
        help_texts = {
            "completed_on": "Leave blank for today.",
            "impact_recorded_on": "Leave blank for today.",
        }

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["status"].choices = Status.choices  # type: ignore[attr-defined]
        govuk_date(self.fields["completed_on"], "date completed")
        govuk_date(self.fields["impact_recorded_on"], "date impact was recorded")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        status = cleaned.get("status")
        for name in ("completed_on", "impact_recorded_on"):
            value = cleaned.get(name)
            if value and value > self.today:
                label = str(self.fields[name].label).lower()
                self.add_error(name, f"The {label} must be today or in the past")
        if status == Status.COMPLETED:
            if not cleaned.get("completion_evidence", "").strip():
                self.add_error(
                    "completion_evidence", "Enter the evidence that the action is completed"
                )
            if not cleaned.get("completed_on") and "completed_on" not in self.errors:
                cleaned["completed_on"] = self.today
        elif status != Status.CANNOT_COMPLETE:
            cleaned["completed_on"] = None
        if (
            status == Status.CANNOT_COMPLETE
            and not cleaned.get("cannot_complete_reason", "").strip()
        ):
            self.add_error("cannot_complete_reason", "Say why the action cannot be completed")
        if cleaned.get("impact_evidence", "").strip():
            if not cleaned.get("impact_recorded_on") and "impact_recorded_on" not in self.errors:
                cleaned["impact_recorded_on"] = self.today
        elif cleaned.get("impact_recorded_on"):
            self.add_error("impact_evidence", "Enter the evidence of impact, or clear its date")
        return cleaned


class ActionForm(ProgressForm):
    """The whole action, for the business unit and the scrutineer."""

    class Meta(ProgressForm.Meta):
        fields = ["description", "owner_agency", "lead", "due_on", *ProgressForm.Meta.fields]
        widgets = {**ProgressForm.Meta.widgets, "description": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "description": {"required": "Enter what will be done"},
            "owner_agency": {"required": "Select the agency that owns the action"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = Agency.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["lead"].queryset = User.objects.active().select_related("agency")  # type: ignore[attr-defined]
        self.fields["lead"].required = False
        govuk_date(self.fields["due_on"], "due date")


class ManualRecommendationForm(forms.ModelForm):
    """A recommendation typed in by hand, for sources Scrutineer does not hold (an inspection
    letter, a national review)."""

    class Meta:
        model = Recommendation
        fields = ["source_label", "reference", "text", "priorities"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "priorities": forms.CheckboxSelectMultiple,
        }
        labels = {"source_label": "Where it comes from"}
        help_texts = {"source_label": "For example: JTAI letter, March 2025"}
        error_messages = {
            "source_label": {"required": "Enter where the recommendation comes from"},
            "text": {"required": "Enter the recommendation"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priorities"].queryset = Priority.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["priorities"].required = False
