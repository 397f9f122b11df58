"""The partnership, its agencies and its people.

One installation serves one safeguarding children partnership, so ``Partnership`` has a single
row. People are Django users with a role and an agency; what they may see follows from those two
(see ``querysets.py``).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.validators import RegexValidator
from django.db import models

from .querysets import UserQuerySet

la_code_validator = RegexValidator(
    r"^\d{3}$", "Enter the three-digit DfE local authority code, like 383"
)
gss_code_validator = RegexValidator(
    r"^E\d{8}$", "Enter the nine-character ONS code, like E08000035"
)


class Partnership(models.Model):
    """The safeguarding children partnership this installation serves (one row, pk 1)."""

    SINGLETON_ID = 1

    name = models.CharField(max_length=200)
    local_authority = models.CharField("local authority", max_length=120)
    la_code = models.CharField(
        "DfE local authority code",
        max_length=3,
        validators=[la_code_validator],
        help_text="The three-digit code the Department for Education uses, like 383 for Leeds.",
    )
    gss_code = models.CharField(
        "ONS area code",
        max_length=9,
        blank=True,
        validators=[gss_code_validator],
        help_text="The nine-character code, like E08000035.",
    )
    region = models.CharField(max_length=60)
    statistical_neighbours = models.JSONField(
        default=list,
        blank=True,
        help_text="DfE codes of the local authorities the DfE's model makes its statistical neighbours.",
    )
    front_door_name = models.CharField(
        "front door",
        max_length=120,
        help_text="Where a concern about a child goes, as people know it, like 'the Duty and Advice Team'.",
    )
    front_door_phone = models.CharField("front door telephone", max_length=40, blank=True)
    front_door_hours = models.CharField(
        "front door opening hours",
        max_length=120,
        blank=True,
        help_text="For example: Monday to Friday, 9am to 5pm",
    )
    front_door_out_of_hours = models.CharField(
        "out-of-hours telephone",
        max_length=120,
        blank=True,
        help_text="The emergency duty team's number, with a few words if needed.",
    )
    business_unit_email = models.EmailField("business unit email", blank=True)

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> Partnership | None:
        """The partnership, or None before it is set up (the demo or the business unit sets it)."""
        return cls.objects.filter(pk=cls.SINGLETON_ID).first()

    def priorities_list(self) -> models.QuerySet[Priority]:
        return Priority.objects.filter(active=True)

    @property
    def front_door_phone_link(self) -> str:
        """The telephone number as a ``tel:`` link wants it: digits and a leading plus only."""
        return re.sub(r"[^\d+]", "", self.front_door_phone)


class Sector(models.TextChoices):
    PARTNERSHIP = "partnership", "Safeguarding partnership"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    EDUCATION = "education", "Education"
    PROBATION = "probation", "Probation"
    YOUTH_JUSTICE = "youth_justice", "Youth justice"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    OTHER = "other", "Other"


class Agency(models.Model):
    """An organisation in the partnership: a statutory partner or a relevant agency.

    ``holds_case_data`` marks the agency whose people may see case-level records (children's
    social care); everyone in it must use two-factor authentication.
    """

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    statutory_partner = models.BooleanField(
        "statutory partner",
        default=False,
        help_text="The local authority, the integrated care board and the police.",
    )
    holds_case_data = models.BooleanField(
        "holds case-level data",
        default=False,
        help_text="Its people can see case-level records, so they must use two-factor authentication.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-statutory_partner", "name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class Role(models.TextChoices):
    SCRUTINEER = "scrutineer", "Independent Scrutineer"
    BUSINESS_UNIT = "business_unit", "Business unit"
    AGENCY_LEAD = "agency_lead", "Agency lead"
    EXECUTIVE = "executive", "Executive member"
    AUDITOR = "auditor", "Auditor"
    VIEWER = "viewer", "Viewer"


ROLE_DESCRIPTIONS = {
    Role.SCRUTINEER: "Sees everything the partnership shares; writes challenges, findings and reports.",
    Role.BUSINESS_UNIT: "Runs the service: agencies, people, data, reviews, audits and meetings.",
    Role.AGENCY_LEAD: "Submits the agency's returns, answers challenges, owns actions; sees its unshared work.",
    Role.EXECUTIVE: "A lead or delegated safeguarding partner: reads dashboards and reports.",
    Role.AUDITOR: "Takes part in multi-agency audits and sees only the cases assigned to them.",
    Role.VIEWER: "Reads what the partnership shares.",
}

# Roles whose work reaches sensitive records: two-factor authentication is required.
TWO_FACTOR_ROLES = frozenset({Role.SCRUTINEER, Role.BUSINESS_UNIT, Role.AUDITOR})


class PartnershipUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]
    pass


class User(AbstractUser):
    """A person who uses Scrutineer: partnership staff, never a child or family member."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    job_title = models.CharField("job title", max_length=120, blank=True)

    objects: ClassVar[PartnershipUserManager] = PartnershipUserManager()

    class Meta:
        ordering = ["last_name", "first_name", "username"]

    @property
    def requires_two_factor(self) -> bool:
        """Two-factor authentication is required for the scrutineer, the business unit,
        auditors, and anyone in an agency that holds case-level data."""
        if self.is_superuser or self.role in TWO_FACTOR_ROLES:
            return True
        return bool(self.agency_id and self.agency and self.agency.holds_case_data)

    @property
    def can_administer(self) -> bool:
        """The business unit runs the service (and a Django superuser may)."""
        return self.is_active and (self.is_superuser or self.role == Role.BUSINESS_UNIT)

    @property
    def sees_partnership_evidence(self) -> bool:
        """Every active person sees what the partnership shares."""
        return self.is_active

    @property
    def sees_own_agency_unshared(self) -> bool:
        """Agency leads, and the business unit for the partnership's own agency, see their
        agency's work before it is shared."""
        return (
            self.is_active
            and self.agency_id is not None
            and self.role
            in (
                Role.AGENCY_LEAD,
                Role.BUSINESS_UNIT,
            )
        )


class Priority(models.Model):
    """One of the partnership's strategic priorities; figures, reviews, audits and voices are tied to them."""

    title = models.CharField(max_length=150, unique=True)
    summary = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name_plural = "priorities"

    def __str__(self) -> str:
        return self.title


class SubGroup(models.Model):
    """A sub-group of the partnership (for example Audit and Review, Learning and Development)."""

    name = models.CharField(max_length=150, unique=True)
    remit = models.TextField(blank=True)
    chair = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="chaired_subgroups"
    )
    meets = models.CharField(max_length=120, blank=True, help_text="For example: every 8 weeks")
    priorities = models.ManyToManyField(Priority, blank=True, related_name="subgroups")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "sub-group"

    def __str__(self) -> str:
        return self.name
