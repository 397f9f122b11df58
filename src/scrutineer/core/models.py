"""Core records: the working-day calendar's overrides and closures, and the access log."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone


class BankHolidayOverride(models.Model):
    """A correction to the England and Wales bank holidays that the ``holidays`` package gives.

    ``add`` makes a date a bank holiday (a one-off proclamation announced after the package was
    released); ``remove`` takes one away (a holiday moved by proclamation). These change
    statutory clocks, so only the business unit may edit them.
    """

    class Kind(models.TextChoices):
        ADD = "add", "Add a bank holiday"
        REMOVE = "remove", "Remove a bank holiday"

    date = models.DateField(unique=True)
    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.ADD)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.name} ({self.get_kind_display().lower()})"


class ClosureDay(models.Model):
    """A day the partnership is closed (for example between Christmas and New Year).

    Closure days move the partnership's own deadlines, never statutory ones: national
    indicators and statutory clocks count bank holidays only.
    """

    date = models.DateField(unique=True)
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y}: {self.reason}"


class AccessLogQuerySet(models.QuerySet["AccessLogEntry"]):
    """Set rules for the access log: the filters the business unit uses, and no bulk changes.

    ``update()`` and ``delete()`` on a queryset skip the model's ``save()`` and ``delete()``,
    so they are refused here as well; the database triggers refuse them underneath too.
    """

    def matching(
        self,
        *,
        person: str = "",
        action: str = "",
        object_type: str = "",
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> AccessLogQuerySet:
        """Entries matching the filters; dates are whole days in the installation's time zone.

        Dates become bounds on ``at`` (from midnight on ``since`` to midnight after ``until``)
        rather than ``at__date`` lookups, so the index on ``at`` is used.
        """
        found = self
        if person:
            found = found.filter(username__icontains=person)
        if action:
            found = found.filter(action=action)
        if object_type:
            found = found.filter(object_type=object_type)
        if since is not None:
            found = found.filter(at__gte=start_of_day(since))
        if until is not None:
            found = found.filter(at__lt=start_of_day(until + dt.timedelta(days=1)))
        return found

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("The access log is append-only: entries cannot be changed.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise PermissionError("The access log is append-only: entries cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("The access log is append-only: entries cannot be deleted.")


def start_of_day(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the installation's time zone (Europe/London)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class AccessLogEntry(models.Model):
    """One read of a sensitive record or one export: who, what, when, from where.

    Append-only and tamper-evident: each entry stores the hash of the entry before it, and its
    own hash covers its fields and that previous hash, so changing or deleting any entry breaks
    the chain from that point on (``scrutineer accesslog verify``). Database triggers refuse
    UPDATE and DELETE (migration 0003); the model and its queryset refuse them too.

    Entries are written only by ``scrutineer.core.accesslog.record_access``, which serialises
    writers so that no two entries chain onto the same predecessor.

    ``user`` is kept as a plain id (no database constraint, ``DO_NOTHING``): deleting a person
    must not rewrite the log (``SET_NULL`` would be an UPDATE, refused by the triggers, and
    would break the entry's hash), and ``username`` keeps who it was.
    """

    class Action(models.TextChoices):
        READ = "read", "Read"
        EXPORT = "export", "Export"
        DOWNLOAD = "download", "Download"
        LOOKUP = "lookup", "Pseudonym look-up"
        UPLOAD = "upload", "Upload"
        SUBMIT = "submit", "Submission through the API"
        TOKEN = "token", "API token issued or revoked"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
    )
    username = models.CharField(max_length=150)
    action = models.CharField(max_length=10, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=100, blank=True)
    description = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("The access log is append-only: entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("The access log is append-only: entries cannot be deleted.")

    def canonical(self) -> bytes:
        """The bytes the entry's hash is taken over: every stored field but the id and the hash.

        JSON with sorted keys and no spaces, the time in UTC as ISO 8601 with microseconds, so
        the same entry gives the same bytes on SQLite and PostgreSQL, and anyone can recompute
        it from a CSV export with a few lines of any language (``docs/access-log.md``). The id
        is left out on purpose: a deleted entry is caught by the next entry's ``previous_hash``.
        """
        fields = {
            "at": self.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "user_id": self.user_id,
            "username": self.username,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "description": self.description,
            "ip_address": self.ip_address,
            "path": self.path,
            "previous_hash": self.previous_hash,
        }
        return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode("ascii")

    def compute_hash(self) -> str:
        """SHA-256 of ``canonical()``, as 64 hexadecimal digits."""
        return hashlib.sha256(self.canonical()).hexdigest()

    @property
    def object_type_label(self) -> str:
        return record_type_label(self.object_type)


def record_type_label(object_type: str) -> str:
    """A record type in words: ``library.document`` is "Evidence library: document".

    Callers name record types ``app_label.model``; a type that names no model is shown as it is.
    """
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return f"{model._meta.app_config.verbose_name}: {model._meta.verbose_name}"
