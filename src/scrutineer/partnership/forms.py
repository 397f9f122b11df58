"""Business unit forms for the partnership, its agencies, people, priorities and sub-groups."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import password_validation

from .models import Agency, Partnership, Priority, Role, SubGroup, User


class PartnershipForm(forms.ModelForm):
    statistical_neighbours = forms.CharField(
        required=False,
        label="Statistical neighbours",
        help_text="DfE three-digit codes, separated by commas, like 382, 373, 380",
    )

    class Meta:
        model = Partnership
        fields = [
            "name",
            "local_authority",
            "la_code",
            "gss_code",
            "region",
            "statistical_neighbours",
            "front_door_name",
            "front_door_phone",
            "front_door_hours",
            "front_door_out_of_hours",
            "business_unit_email",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["statistical_neighbours"] = ", ".join(self.instance.statistical_neighbours)

    def clean_statistical_neighbours(self) -> list[str]:
        raw = self.cleaned_data["statistical_neighbours"] or ""
        codes = [part.strip() for part in raw.replace(";", ",").split(",") if part.strip()]
        wrong = [code for code in codes if not (code.isdigit() and len(code) == 3)]
        if wrong:
            raise forms.ValidationError(
                "Each statistical neighbour must be a three-digit DfE code; these are not: "
                + ", ".join(wrong)
            )
        if len(set(codes)) != len(codes):
            raise forms.ValidationError("A statistical neighbour is listed twice")
        return codes


class AgencyForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["name", "short_name", "sector", "statutory_partner", "holds_case_data", "active"]
        widgets = {"sector": forms.Select}


class PriorityForm(forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["title", "summary", "order", "active"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}


class SubGroupForm(forms.ModelForm):
    class Meta:
        model = SubGroup
        fields = ["name", "remit", "chair", "meets", "priorities", "active"]
        widgets = {
            "remit": forms.Textarea(attrs={"rows": 4}),
            "priorities": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chair"].queryset = User.objects.active()  # type: ignore[attr-defined]
        self.fields["priorities"].queryset = Priority.objects.filter(active=True)  # type: ignore[attr-defined]


class PersonForm(forms.ModelForm):
    """Add or change a person. A new person gets a temporary password to change after signing in."""

    password = forms.CharField(
        label="Temporary password",
        required=False,
        help_text="At least 12 characters. Give it to the person separately from their username.",
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "job_title",
            "role",
            "agency",
            "is_active",
        ]
        labels = {"is_active": "Can sign in"}
        widgets = {"role": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(active=True)  # type: ignore[attr-defined]
        self.fields["agency"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["email"].required = True
        self.fields["role"].choices = Role.choices  # type: ignore[attr-defined]
        if self.instance.pk is None:
            self.fields["password"].required = True
        else:
            self.fields["password"].help_text = "Leave blank to keep the current password."

    def clean_password(self) -> str:
        password = self.cleaned_data.get("password") or ""
        if password:
            candidate = User(
                username=self.cleaned_data.get("username", ""),
                first_name=self.cleaned_data.get("first_name", ""),
                last_name=self.cleaned_data.get("last_name", ""),
                email=self.cleaned_data.get("email", ""),
            )
            password_validation.validate_password(password, candidate)
        return password

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if self.cleaned_data.get("password"):
            user.set_password(self.cleaned_data["password"])
        if commit:
            user.save()
        return user
