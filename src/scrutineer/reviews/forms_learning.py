"""Forms for the learning: practice themes, findings, publishing the learning, the briefing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from scrutineer.partnership.models import Agency, Priority

from .forms import StageForm
from .learning import BRIEFING_SECTIONS, Briefing, Finding, FindingKind, PracticeTheme
from .models import Review


class PracticeThemeForm(forms.ModelForm):
    class Meta:
        model = PracticeTheme
        fields = ["name", "description", "order", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"active": "Offer this theme when recording findings"}
        help_texts = {"order": "Themes are listed by this number, then by name."}
        error_messages = {
            "name": {
                "required": "Enter the theme's name",
                "unique": "There is already a theme with this name",
            }
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].govuk_width = "3"  # type: ignore[attr-defined]


def _theme_choices(finding: Finding | None) -> Any:
    """Active themes, and any switched-off theme this finding already has (so editing the
    finding does not silently drop it)."""
    current = finding.themes.values("pk") if finding is not None and finding.pk else []
    return PracticeTheme.objects.filter(Q(active=True) | Q(pk__in=current))


class FindingForm(forms.ModelForm):
    class Meta:
        model = Finding
        fields = ["kind", "text", "themes", "priorities", "agencies"]
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 5}),
            "themes": forms.CheckboxSelectMultiple,
            "priorities": forms.CheckboxSelectMultiple,
            "agencies": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "text": {"required": "Enter the finding"},
            "themes": {"required": "Select at least one practice theme"},
            "kind": {"required": "Select whether this is learning or good practice"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = FindingKind.choices  # type: ignore[attr-defined]
        self.fields["themes"].queryset = _theme_choices(self.instance)  # type: ignore[attr-defined]
        self.fields["themes"].required = True
        self.fields["priorities"].queryset = Priority.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["agencies"].queryset = Agency.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["agencies"].help_text = "Optional: the agencies this finding is about."


class LearningPublicationForm(StageForm):
    """Publish the review's learning (readable by everyone signed in), or withdraw it."""

    class Meta:
        model = Review
        fields = ["learning_published_on"]
        labels = {"learning_published_on": "Date the learning was published"}
        help_texts = {
            "learning_published_on": "From this date everyone signed in can read this review's "
            "findings and its released 7-minute briefing. Leave it blank to keep the learning "
            "with the review team."
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("learning_published_on") and not self.instance.findings.exists():
            self.add_error("learning_published_on", "Record at least one finding before publishing")
        return cleaned


class BriefingForm(forms.ModelForm):
    class Meta:
        model = Briefing
        fields = [field for field, _, _ in BRIEFING_SECTIONS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field, heading, hint in BRIEFING_SECTIONS:
            self.fields[field].widget = forms.Textarea(attrs={"rows": 5})
            self.fields[
                field
            ].help_text = (
                f"{hint} Keep it short. Start a line with a dash and a space for a bullet."
            )
            self.fields[field].error_messages["required"] = f"Write the {heading.lower()} section"


class LearningFilterForm(forms.Form):
    """The filters on the Learning page (GET): any of them may be left empty."""

    theme = forms.ModelChoiceField(
        queryset=PracticeTheme.objects.all(), required=False, empty_label="Any theme"
    )
    priority = forms.ModelChoiceField(
        queryset=Priority.objects.all(),
        required=False,
        empty_label="Any priority",
        label="Partnership priority",
    )
    kind = forms.ChoiceField(
        choices=[("", "Learning and good practice"), *FindingKind.choices],
        required=False,
        label="Kind",
    )

    def filter(self, findings: Any) -> Any:
        if not self.is_valid():
            return findings
        data = self.cleaned_data
        if data.get("theme"):
            findings = findings.filter(themes=data["theme"])
        if data.get("priority"):
            findings = findings.filter(priorities=data["priority"])
        if data.get("kind"):
            findings = findings.filter(kind=data["kind"])
        return findings
