"""The evidence library: documents the agencies share with the partnership.

A document belongs to the agency that wrote it. Until the agency shares it, it is a draft that
only that agency's leads (and, for the partnership's own documents, the business unit) can see;
once shared, everyone in the partnership can read it, and it stays: a shared document is part of
the evidence a scrutiny report may cite, so agencies cannot take it back.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from scrutineer.partnership.models import Agency, Priority, Role
from scrutineer.partnership.querysets import AgencyScopedQuerySet


def stored_name(instance: Document, filename: str) -> str:
    """A random name under ``library/``: the uploaded name is kept only as data, never as a path.

    The extension is the one ``check_upload`` detected, passed in as ``filename``.
    """
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"library/{secrets.token_hex(16)}.{extension}"


class DocumentQuerySet(AgencyScopedQuerySet):
    """Documents, with the permission rule (``visible_to``) and the library's filters."""

    def matching(
        self,
        *,
        agency: Agency | None = None,
        kind: str = "",
        priority: Priority | None = None,
        title: str = "",
    ) -> DocumentQuerySet:
        documents = self
        if agency is not None:
            documents = documents.filter(agency=agency)
        if kind:
            documents = documents.filter(kind=kind)
        if priority is not None:
            documents = documents.filter(priorities=priority)
        for word in title.split():
            documents = documents.filter(title__icontains=word)
        return documents


class Document(models.Model):
    """One document an agency shares with the partnership: a report, strategy, letter or data pack.

    The file is stored under a random name; ``original_name``, ``size_bytes``,
    ``content_type`` and ``sha256`` are what ``scrutineer.core.uploads.check_upload`` found,
    so a download is served as what the file really is, whatever it was called.
    """

    class Kind(models.TextChoices):
        STRATEGY = "strategy", "Strategy or plan"
        AGENCY_REPORT = "agency_report", "Single-agency report"
        INSPECTION = "inspection", "Inspection report or letter"
        DATA = "data", "Data or performance report"
        MINUTES = "minutes", "Minutes or briefing"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="documents")
    summary = models.TextField(
        blank=True,
        max_length=5000,
        help_text="In plain English: what the document is about and what it shows.",
    )
    document_date = models.DateField(
        "date of the document", help_text="The date on the document, or when it was published."
    )
    priorities = models.ManyToManyField(Priority, blank=True, related_name="documents")
    shared = models.BooleanField(
        "shared with the partnership",
        default=False,
        help_text="Until it is shared, only the agency's leads can see it.",
    )
    file = models.FileField(upload_to=stored_name)
    original_name = models.CharField("file name", max_length=255)
    size_bytes = models.PositiveBigIntegerField("size in bytes")
    content_type = models.CharField(max_length=150)
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="uploaded_documents",
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    shared_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[DocumentQuerySet] = DocumentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-document_date", "-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["agency", "shared"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return not self.shared

    @property
    def was_ever_shared(self) -> bool:
        return self.shared or self.shared_at is not None

    def may_be_managed_by(self, user: Any) -> bool:
        """The owning agency's leads and the business unit may share or withdraw a draft.

        Whether they can see it at all is the queryset's rule (``visible_to``); views look the
        document up through that first, so this only decides between reading and managing.
        """
        if not (user.is_authenticated and user.is_active):
            return False
        if user.is_superuser or user.role == Role.BUSINESS_UNIT:
            return True
        return bool(user.role == Role.AGENCY_LEAD and user.agency_id == self.agency_id)

    def share(self, *, now: datetime | None = None) -> None:
        """Share a draft with the partnership. Sharing is for good: see ``was_ever_shared``."""
        if self.shared:
            return
        self.shared = True
        self.shared_at = now or timezone.now()
        self.save(update_fields=["shared", "shared_at"])


def agencies_for_uploader(user: Any) -> models.QuerySet[Agency]:
    """The agencies this person may upload documents for.

    An agency lead uploads for their own agency; the business unit and the Independent
    Scrutineer upload for any active agency (an inspection letter, or a report an agency sent
    by email). Everyone else uploads nothing.
    """
    if not (user.is_authenticated and user.is_active):
        return Agency.objects.none()
    if user.is_superuser or user.role in (Role.BUSINESS_UNIT, Role.SCRUTINEER):
        return Agency.objects.filter(active=True)
    if user.role == Role.AGENCY_LEAD and user.agency_id is not None:
        return Agency.objects.filter(pk=user.agency_id, active=True)
    return Agency.objects.none()


def uploads_for_own_agency_only(user: Any) -> bool:
    """Agency leads upload for their own agency and are not asked which one."""
    return bool(
        user.is_authenticated
        and not user.is_superuser
        and user.role == Role.AGENCY_LEAD
        and user.agency_id is not None
    )
