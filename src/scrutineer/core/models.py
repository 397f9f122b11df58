"""Core records: the working-day calendar's overrides and closures, and the access log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


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


class AccessLogEntry(models.Model):
    """One read of a sensitive record or one export: who, what, when, from where.

    Append-only and tamper-evident: each entry stores the hash of the entry before it, and its
    own hash covers its fields and that previous hash, so changing or deleting any entry breaks
    the chain from that point on (``scrutineer accesslog verify``). Database triggers refuse
    UPDATE and DELETE; the model refuses them too.
    """

    class Action(models.TextChoices):
        READ = "read", "Read"
        EXPORT = "export", "Export"
        DOWNLOAD = "download", "Download"
        LOOKUP = "lookup", "Pseudonym look-up"

    at = models.DateTimeField(db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
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
