"""What the app database knows of case-level imports: snapshots and their validation reports.

The records themselves never enter the app database: each import becomes a **snapshot**, a
folder of Parquet files in the analytical store (``store.py``), and the app keeps only the
snapshot's description (where it came from, how far the import got, how many rows and
problems) and the problems the importer reported, for the validation report. Problems name a
child by pseudonym only.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from scrutineer.partnership.models import la_code_validator

from .querysets import SnapshotProblemQuerySet, SnapshotQuerySet

STALE_AFTER = dt.timedelta(minutes=30)
"""An import that has not moved for this long has stopped (its process died): see ``is_stale``."""


class Format(models.TextChoices):
    CIN = "cin", "CIN census XML"
    ANNEXA = "annexa", "Annex A workbook"
    SSDA903 = "903", "SSDA903 CSV tables"


class SnapshotManager(models.Manager.from_queryset(SnapshotQuerySet)):  # type: ignore[misc]
    pass


class Snapshot(models.Model):
    """One import of one file (or folder) of case-level records, and where it got to.

    Only a **complete** import becomes ``current`` for its local authority and format; the
    previous current snapshot stays current until then, so a failed or running import never
    leaves the figures without data. The same file (same SHA-256, format and local authority)
    is imported once: importing it again finds this snapshot (``services.snapshot_prepare``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        COMPLETE = "complete", "Complete"
        FAILED = "failed", "Failed"

    format = models.CharField(max_length=10, choices=Format.choices)
    la = models.CharField(
        "local authority code", max_length=3, validators=[la_code_validator], db_index=True
    )
    source_name = models.CharField(
        "file", max_length=255, help_text="The name of the file or folder imported."
    )
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    reference_date = models.DateField(null=True, blank=True)
    collection_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The reporting year the collection ends in (2025 for 2024-25).",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    bytes_done = models.BigIntegerField(default=0)
    bytes_total = models.BigIntegerField(default=0)
    row_counts = models.JSONField(default=dict, blank=True)
    problem_counts = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    current = models.BooleanField(default=False)

    objects: ClassVar[SnapshotManager] = SnapshotManager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["la", "format"],
                condition=models.Q(current=True),
                name="casedata_one_current_snapshot",
                violation_error_message="Only one snapshot is current for a local authority "
                "and format.",
            ),
            models.CheckConstraint(
                condition=models.Q(current=False) | models.Q(status="complete"),
                name="casedata_only_complete_is_current",
            ),
            # Two imports of the same file at once would both pass the "already imported?"
            # check; this makes the second one fail instead of importing it twice.
            models.UniqueConstraint(
                fields=["sha256", "format", "la"],
                condition=models.Q(status__in=["queued", "running", "complete"]),
                name="casedata_one_import_per_file",
            ),
        ]

    def __str__(self) -> str:
        return f"Snapshot {self.pk}: {self.get_format_display()}, {self.source_name}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.COMPLETE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        """How far the import has got, by bytes read (100 once complete)."""
        if self.status == self.Status.COMPLETE:
            return 100
        if not self.bytes_total:
            return 0
        return min(99, int(100 * self.bytes_done / self.bytes_total))

    @property
    def total_rows(self) -> int:
        return sum(int(n) for n in self.row_counts.values())

    @property
    def total_problems(self) -> int:
        return sum(int(n) for n in self.problem_counts.values())

    def is_stale(self, now: dt.datetime | None = None) -> bool:
        """Queued or running, but nothing has moved for ``STALE_AFTER``: the process that ran
        it has gone (a restart, a crash), so it will never finish."""
        now = now or timezone.now()
        return not self.finished and now - self.updated_at > STALE_AFTER

    def problem_counts_sorted(self) -> list[tuple[str, int]]:
        """Counts by rule, the most frequent first, for the report."""
        return sorted(self.problem_counts.items(), key=lambda item: (-int(item[1]), item[0]))

    def row_counts_listed(self) -> list[tuple[str, int]]:
        return [(name, int(count)) for name, count in self.row_counts.items()]


class SnapshotProblemManager(models.Manager.from_queryset(SnapshotProblemQuerySet)):  # type: ignore[misc]
    pass


class SnapshotProblem(models.Model):
    """One problem the importer found in a record: a line of the validation report.

    Written in bulk as the import runs. ``child`` is the pseudonym (never the local
    authority's ID) or empty when the record has none; ``record`` says where in the file.
    """

    class Severity(models.TextChoices):
        ERROR = "error", "Error: the record is not used"
        WARNING = "warning", "Warning: used, but doubtful"

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="problems")
    rule = models.CharField(max_length=60)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.ERROR)
    child = models.CharField(max_length=40, blank=True)
    record = models.CharField(max_length=200, blank=True)
    message = models.CharField(max_length=500)

    objects: ClassVar[SnapshotProblemManager] = SnapshotProblemManager()

    class Meta:
        ordering = ["child", "id"]
        indexes = [
            models.Index(fields=["snapshot", "rule"], name="casedata_problem_rule"),
            models.Index(fields=["snapshot", "child"], name="casedata_problem_child"),
        ]

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"

    @classmethod
    def fit(cls, **values: Any) -> SnapshotProblem:
        """A problem with each text cut to its column (PostgreSQL refuses longer values)."""
        for name in ("rule", "severity", "child", "record", "message"):
            field = cls._meta.get_field(name)
            text = str(values.get(name) or "").replace("\x00", "")
            values[name] = text[: getattr(field, "max_length", None) or len(text)]
        return cls(**values)
