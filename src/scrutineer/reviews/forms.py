"""One form per stage of a review, each carrying the version it was opened at.

Dates are typed as day/month/year in one box (27/3/2024); every date is checked against the
rest of the review by ``Review.date_problems``, with the values the user typed applied, so a
date in the wrong order is reported on the field the user can change.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django import forms

from scrutineer.partnership.models import Agency, Priority, User

from .choices import Decision, Harm, InformationRequestStatus, LegalStatus, ReviewKind
from .clocks import WorkingDayCalendar
from .models import InformationRequest, ParallelProcess, RapidReviewMeeting, Review, ReviewRules

DATE_HINT = "For example, 27/3/2024"


def govuk_date_field(field: forms.Field) -> None:
    """Make a model's date field a GOV.UK text input with a hint and clear errors."""
    label = str(field.label or "date")
    field.widget = forms.DateInput(format="%d/%m/%Y", attrs={"spellcheck": "false"})
    field.help_text = f"{field.help_text} {DATE_HINT}".strip() if field.help_text else DATE_HINT
    field.error_messages["invalid"] = (
        f"The {label.lower()} must be a real date, written as day/month/year, like 27/3/2024"
    )
    field.error_messages["required"] = f"Enter the {label.lower()}"
    field.govuk_width = "10"  # type: ignore[attr-defined]
    field.validators.append(within_calendar)


# The working-day calendar knows bank holidays from 2000 to 2060; a clock needs room after.
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2059, 12, 31)


def within_calendar(value: dt.date) -> None:
    if not EARLIEST <= value <= LATEST:
        raise forms.ValidationError(
            f"Enter a date between {EARLIEST:%-d %B %Y} and {LATEST:%-d %B %Y}"
        )


class StageForm(forms.ModelForm):
    """A form for one stage of a review: GOV.UK dates, required fields, date order, version."""

    required: tuple[str, ...] = ()
    radios: tuple[str, ...] = ()

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        if not self.is_bound:
            self.initial["version"] = self.instance.version
        for name, field in self.fields.items():
            if isinstance(field, forms.DateField):
                govuk_date_field(field)
            elif name in self.radios and isinstance(field, forms.ChoiceField):
                options = [(v, label) for v, label in field.choices if v != ""]  # type: ignore[union-attr,misc]
                field.widget = forms.RadioSelect()
                field.choices = options
            if name in self.required:
                field.required = True
            custom = (getattr(self._meta, "error_messages", None) or {}).get(name, {})
            if "required" not in custom and not isinstance(field, forms.DateField):
                verb = "Select" if isinstance(field, forms.ChoiceField) else "Enter"
                field.error_messages["required"] = f"{verb} {str(field.label).lower()}"

    @property
    def stage_fields(self) -> list[str]:
        return [name for name in self.fields if name != "version" and name != "team"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        candidate = copy.copy(self.instance)
        for name in self.stage_fields:
            if name in cleaned:
                setattr(candidate, name, cleaned[name])
        for problem in candidate.date_problems(today=self.today):
            if problem.other in self.errors:
                continue  # the earlier date is already wrong; say that once
            if problem.field in self.fields:
                target = problem.field
            elif problem.other in self.fields:
                target = problem.other
            else:
                continue
            if target not in self.errors:
                self.add_error(target, problem.message)
        return cleaned

    def expected_version(self) -> int:
        version = self.cleaned_data.get("version")
        return int(version) if version is not None else self.instance.version


class IncidentForm(StageForm):
    radios = ("kind", "age_band", "sex", "ethnicity", "disability", "legal_status", "harm")

    class Meta:
        model = Review
        fields = [
            "kind",
            "name",
            "incident_on",
            "became_aware_on",
            "incident_summary",
            "age_band",
            "sex",
            "ethnicity",
            "disability",
            "legal_status",
            "harm",
            "abuse_or_neglect",
            "looked_after_death",
            "regulated_setting_death",
        ]
        widgets = {"incident_summary": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "name": {
                "required": "Enter the review's name, like Child Q",
                "unique": "Another review already has this name",
            },
            "incident_summary": {"required": "Describe what happened, without names"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The radios start on the review's kind (a serious incident for a new one), so a browser
        # always sends one; a script that leaves it out keeps the kind as it was.
        self.fields["kind"].required = False

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.instance.kind or ReviewKind.RAPID_REVIEW

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        harm = cleaned.get("harm")
        if cleaned.get("looked_after_death"):
            if harm != Harm.DIED:
                self.add_error("looked_after_death", "Only tick this if the child died")
            elif cleaned.get("legal_status") != LegalStatus.LOOKED_AFTER:
                self.add_error(
                    "legal_status", "Select looked after: the child who died was looked after"
                )
        if cleaned.get("regulated_setting_death") and harm != Harm.DIED:
            self.add_error("regulated_setting_death", "Only tick this if the child died")
        statutory = cleaned.get("kind", ReviewKind.RAPID_REVIEW) == ReviewKind.RAPID_REVIEW
        if harm and statutory and not self.errors:
            candidate = Review(
                harm=harm,
                abuse_or_neglect=bool(cleaned.get("abuse_or_neglect")),
                looked_after_death=bool(cleaned.get("looked_after_death")),
                regulated_setting_death=bool(cleaned.get("regulated_setting_death")),
            )
            if not candidate.meets_notification_criteria:
                self.add_error(
                    "abuse_or_neglect",
                    "This does not meet the criteria for a serious incident: abuse or neglect "
                    "must be known or suspected, unless a looked-after child died or a child "
                    "died in a regulated setting. For other learning, choose a local learning "
                    "review",
                )
        return cleaned


class NewReviewForm(IncidentForm):
    """Recording a serious incident: the incident, and who is on the review team."""

    team = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Review team",
        help_text="The people who may open this review. The Independent Scrutineer and the "
        "business unit always can.",
    )

    class Meta(IncidentForm.Meta):
        fields = [*IncidentForm.Meta.fields, "team"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = team_candidates()  # type: ignore[attr-defined]
        self.fields["team"].label_from_instance = person_and_agency  # type: ignore[attr-defined]


def team_candidates() -> Any:
    return User.objects.active().select_related("agency").order_by("last_name", "first_name")


def person_and_agency(person: User) -> str:
    name = person.get_full_name() or person.username
    return f"{name}, {person.agency.label}" if person.agency else name


class TeamForm(StageForm):
    team = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Who is on the review team",
        help_text="Only these people, the Independent Scrutineer and the business unit can "
        "open this review.",
    )

    class Meta:
        model = Review
        fields = ["team"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = team_candidates()  # type: ignore[attr-defined]
        self.fields["team"].label_from_instance = person_and_agency  # type: ignore[attr-defined]


class NotificationForm(StageForm):
    required = ("notified_on",)

    class Meta:
        model = Review
        fields = ["notified_on", "panel_reference"]


class RapidReviewForm(StageForm):
    required = ("rapid_review_submitted_on",)

    class Meta:
        model = Review
        fields = ["rapid_review_submitted_on"]


class DecisionForm(StageForm):
    required = ("decision", "decision_rationale")
    radios = ("decision",)

    class Meta:
        model = Review
        fields = ["decision", "decision_rationale"]
        widgets = {"decision_rationale": forms.Textarea(attrs={"rows": 5})}
        labels = {"decision": "What the rapid review decided"}
        error_messages = {
            "decision": {"required": "Select what the rapid review decided"},
            "decision_rationale": {"required": "Give the reasons for the decision"},
        }


class PanelForm(StageForm):
    required = ("panel_responded_on", "panel_view")
    radios = ("panel_view", "national_review")

    class Meta:
        model = Review
        fields = ["panel_responded_on", "panel_view", "national_review"]
        error_messages = {"panel_view": {"required": "Select whether the Panel agreed"}}


class LcsprForm(StageForm):
    required = ("lcspr_decided_on",)

    class Meta:
        model = Review
        fields = [
            "lcspr_decided_on",
            "reviewer_name",
            "reviewer_commissioned_on",
            "terms_of_reference_on",
            "practitioners_involved",
            "practitioners_involved_on",
            "family_involved",
            "family_involved_on",
            "draft_report_on",
            "final_report_on",
        ]
        widgets = {
            "practitioners_involved": forms.Textarea(attrs={"rows": 3}),
            "family_involved": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "reviewer_name": "The independent reviewer's name: a professional commissioned by "
            "the partners, never a child or family member.",
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("reviewer_commissioned_on") and not cleaned.get("reviewer_name"):
            self.add_error("reviewer_name", "Enter the name of the independent reviewer")
        for text, day in (
            ("practitioners_involved", "practitioners_involved_on"),
            ("family_involved", "family_involved_on"),
        ):
            if cleaned.get(day) and not cleaned.get(text) and text not in self.errors:
                self.add_error(text, f"Describe {str(self.fields[text].label).lower()}")
        if self.instance.decision != Decision.LCSPR and cleaned.get("lcspr_decided_on"):
            # The Panel may challenge a decision not to hold an LCSPR and the partners change
            # their minds (or the decision is recorded here first): it is an LCSPR now.
            self.instance.decision = Decision.LCSPR
        return cleaned

    @property
    def stage_fields(self) -> list[str]:
        return [*super().stage_fields, "decision"]


class PublicationForm(StageForm):
    class Meta:
        model = Review
        fields = [
            "planned_publication_on",
            "notice_sent_on",
            "published_on",
            "not_published_reason",
        ]
        widgets = {"not_published_reason": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.lcspr_decided_on is None:
            self.add_error(None, "Record the LCSPR decision before its publication")
        return cleaned


class MeetingForm(forms.ModelForm):
    class Meta:
        model = RapidReviewMeeting
        fields = ["held_on", "purpose"]

    def __init__(self, *args: Any, review: Review, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.review, self.today = review, today
        govuk_date_field(self.fields["held_on"])

    def clean_held_on(self) -> dt.date:
        held_on: dt.date = self.cleaned_data["held_on"]
        if held_on > self.today:
            raise forms.ValidationError("The meeting date must be today or in the past")
        if held_on < self.review.became_aware_on:
            raise forms.ValidationError(
                "The meeting date must be the same as or after the date the local authority "
                f"became aware ({self.review.became_aware_on:%-d %B %Y})"
            )
        return held_on


class RulesForm(forms.ModelForm):
    class Meta:
        model = ReviewRules
        fields = [
            "rapid_review_starts_from",
            "publication_notice_working_days",
            "reminder_working_days",
            "information_request_working_days",
        ]
        widgets = {"rapid_review_starts_from": forms.RadioSelect}
        help_texts = {
            "rapid_review_starts_from": "Working Together 2023 leaves this to the partnership. "
            "Reviews already recorded keep the rule they started with.",
            "publication_notice_working_days": "Working Together 2023 asks for at least 7.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rapid_review_starts_from"]
        field.choices = [c for c in field.choices if c[0] != ""]  # type: ignore[attr-defined]
        for name in self.fields:
            if name != "rapid_review_starts_from":
                self.fields[name].govuk_width = "2"  # type: ignore[attr-defined]


class RecommendationForm(forms.Form):
    """A recommendation from this review, for the action tracker."""

    reference = forms.CharField(
        max_length=20, required=False, help_text="As numbered in the report, like R1"
    )
    text = forms.CharField(
        label="Recommendation",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the recommendation"},
    )
    priorities = forms.ModelMultipleChoiceField(
        queryset=Priority.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Partnership priorities it serves",
    )


def _after(value: dt.date, earlier: dt.date, what: str, than: str) -> None:
    if value < earlier:
        raise forms.ValidationError(
            f"The {what} must be the same as or after {than} ({earlier:%-d %B %Y})"
        )


class InformationRequestForm(forms.ModelForm):
    """A request to one agency. Leave the due date blank to give the agency the review rules'
    working days from sending."""

    class Meta:
        model = InformationRequest
        fields = ["agency", "asked", "sent_on", "due_on", "received_on", "status"]
        widgets = {"asked": forms.Textarea(attrs={"rows": 3}), "status": forms.RadioSelect}
        error_messages = {
            "agency": {"required": "Select the agency asked"},
            "asked": {"required": "Enter what the agency is asked for"},
        }

    def __init__(
        self,
        *args: Any,
        review: Review,
        today: dt.date,
        calendar: WorkingDayCalendar,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.review, self.today, self.calendar = review, today, calendar
        self.working_days = ReviewRules.load().information_request_working_days
        agencies = Agency.objects.filter(active=True)
        if self.instance.pk:
            agencies = agencies | Agency.objects.filter(pk=self.instance.agency_id)
        self.fields["agency"].queryset = agencies.order_by("name")  # type: ignore[attr-defined]
        self.fields["agency"].empty_label = "Choose an agency"  # type: ignore[attr-defined]
        for name in ("sent_on", "due_on", "received_on"):
            govuk_date_field(self.fields[name])
        self.fields["due_on"].required = False
        self.fields[
            "due_on"
        ].help_text = (
            f"Leave blank for {self.working_days} working days after it was sent. {DATE_HINT}"
        )
        status = self.fields["status"]
        status.choices = [c for c in status.choices if c[0] != ""]  # type: ignore[attr-defined]

    def clean_sent_on(self) -> dt.date:
        sent_on: dt.date = self.cleaned_data["sent_on"]
        if sent_on > self.today:
            raise forms.ValidationError("The date sent must be today or in the past")
        _after(
            sent_on,
            self.review.became_aware_on,
            "date sent",
            "the date the local authority became aware",
        )
        return sent_on

    def clean_received_on(self) -> dt.date | None:
        received_on: dt.date | None = self.cleaned_data.get("received_on")
        if received_on is not None and received_on > self.today:
            raise forms.ValidationError("The date received must be today or in the past")
        return received_on

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        sent_on = cleaned.get("sent_on")
        if sent_on is not None and "due_on" not in self.errors:
            if cleaned.get("due_on") is None:
                cleaned["due_on"] = InformationRequest.default_due_on(
                    sent_on, self.working_days, self.calendar
                )
                self.instance.due_on = cleaned["due_on"]
            elif cleaned["due_on"] < sent_on:
                self.add_error(
                    "due_on",
                    f"The due date must be the same as or after the date sent ({sent_on:%-d %B %Y})",
                )
        received_on, status = cleaned.get("received_on"), cleaned.get("status")
        if sent_on and received_on and received_on < sent_on:
            self.add_error(
                "received_on",
                f"The date received must be the same as or after the date sent "
                f"({sent_on:%-d %B %Y})",
            )
        if status == InformationRequestStatus.RECEIVED and not received_on:
            if "received_on" not in self.errors:
                self.add_error("received_on", "Enter the date the information was received")
        elif received_on and status == InformationRequestStatus.AWAITED:
            self.add_error("status", "Select received, or clear the date received")
        return cleaned


class ParallelProcessForm(forms.ModelForm):
    class Meta:
        model = ParallelProcess
        fields = ["kind", "reference", "status"]
        widgets = {"kind": forms.RadioSelect, "status": forms.RadioSelect}
        labels = {"kind": "Which process", "reference": "Reference or lead"}
        error_messages = {"kind": {"required": "Select which process"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "status"):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]  # type: ignore[attr-defined]
