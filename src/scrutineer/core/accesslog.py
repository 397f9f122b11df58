"""The access log's service: record a read or an export, check the chain, write CSV.

Every read of case-level data and every export goes through ``record_access``, which appends an
entry whose hash covers its own fields and the hash of the entry before it (the model's
``canonical()`` says exactly what is hashed). ``verify_chain`` recomputes the chain and names the
first entry that does not fit. docs/access-log.md explains the design to operators.
"""

from __future__ import annotations

import csv
import datetime as dt
import ipaddress
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone

from scrutineer.core.spreadsheet import safe_cell

from .models import AccessLogEntry, AccessLogQuerySet

GENESIS = "0" * 64
"""The ``previous_hash`` of the very first entry."""

CHAIN_LOCK_KEY = -3428432810121970684
"""PostgreSQL advisory lock key for appending to the chain.

The first 8 bytes of SHA-256("scrutineer.core.accesslog") as a signed 64-bit number: fixed, and
unlikely to meet another application's key on a shared server.
"""

SYSTEM_USERNAME = "(system)"
"""Who did it when no one is signed in and there is no request: a command or a task.

Parentheses cannot appear in a Django username, so this cannot be mistaken for a person.
"""

ANONYMOUS_USERNAME = "(anonymous)"

CHUNK_SIZE = 2000


def client_address(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request``: the one helper for it.

    Without a proxy (``SCRUTINEER_PROXY_COUNT=0``) that is ``REMOTE_ADDR``; the
    ``X-Forwarded-For`` header is ignored, since anyone can send it. Behind N trusted proxies,
    each proxy appends the address it received the request from, so the client is the Nth
    address from the right; anything to the left of it was written by the client and is not
    trusted. A header with fewer addresses than proxies means the request did not come through
    them, so the nearest peer (``REMOTE_ADDR``) is used. Returns None for anything that is not
    an IP address, and addresses in the canonical form the database returns them in (so the
    entry's hash is the same before and after it is stored).
    """
    candidate = str(request.META.get("REMOTE_ADDR") or "")
    proxies = int(getattr(settings, "AXES_IPWARE_PROXY_COUNT", 0) or 0)
    if proxies:
        header = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    return _canonical_address(candidate)


def _canonical_address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # [IPv6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4:port
        value = value.split(":")[0]
    value = value.split("%")[0]  # an IPv6 zone ("fe80::1%eth0") is not stored
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def _fit(field: str, value: str) -> str:
    """Cut a value to its column's length: PostgreSQL refuses longer ones, SQLite keeps them,
    and the hash must be taken over what is stored."""
    max_length = getattr(AccessLogEntry._meta.get_field(field), "max_length", None)
    return value.replace("\x00", "")[:max_length]


def record_access(
    request: HttpRequest | None,
    *,
    action: str,
    object_type: str,
    object_id: str | int = "",
    description: str = "",
    user: Any = None,
) -> AccessLogEntry:
    """Append an entry to the access log: ``user`` (or the request's user) did ``action``.

    ``object_type`` names the kind of record as ``app_label.model`` (``library.document``) and
    ``object_id`` which one. Without a request (a command, a task) the address and path are
    empty and, with no user either, the entry is by ``(system)``.

    Appending is serialised so that two requests at once cannot both chain onto the same last
    entry: on PostgreSQL a transaction-scoped advisory lock is taken before the last entry is
    read; on SQLite the project opens transactions with ``BEGIN IMMEDIATE``, so the atomic
    block already holds the database's single write lock. Called inside a longer transaction,
    the lock is held until that transaction ends, so call it outside long-running work.
    """
    if action not in AccessLogEntry.Action.values:
        raise ValueError(f"{action!r} is not an access log action: use AccessLogEntry.Action")
    if user is None:
        user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    username = user.get_username() if signed_in else _nobody(request)
    entry = AccessLogEntry(
        user_id=user.pk if signed_in else None,
        username=_fit("username", username),
        action=action,
        object_type=_fit("object_type", object_type),
        object_id=_fit("object_id", str(object_id)),
        description=_fit("description", description),
        ip_address=client_address(request) if request is not None else None,
        path=_fit("path", request.get_full_path()) if request is not None else "",
    )
    with transaction.atomic():
        _lock_the_chain()
        last = AccessLogEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry.previous_hash = last or GENESIS
        # Taken inside the lock, so times rise with ids.
        entry.at = timezone.now()
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
    return entry


def _nobody(request: HttpRequest | None) -> str:
    return ANONYMOUS_USERNAME if request is not None else SYSTEM_USERNAME


def _lock_the_chain() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


BROKEN_CONTENTS = "its contents do not match its hash"
BROKEN_LINK = (
    "it does not follow on from entry {previous}: its previous hash is not that entry's hash, "
    "so an entry between them may have been deleted"
)
BROKEN_GENESIS = (
    "it is the first entry but does not start from the genesis hash, so earlier entries may "
    "have been deleted"
)


@dataclass(frozen=True)
class ChainCheck:
    """What ``verify_chain`` found: how many entries it checked, and the first broken one."""

    checked: int
    newest: AccessLogEntry | None = None
    broken: AccessLogEntry | None = None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken is None

    def summary(self) -> str:
        """One sentence for the command line and the page."""
        if self.broken is None:
            if self.checked == 0:
                return "The access log is empty: there is nothing to check."
            noun = "entry" if self.checked == 1 else "entries"
            return f"{self.checked:,} {noun} checked: the chain is intact."
        entry = self.broken
        when = entry.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
        return (
            f"Entry {entry.pk} ({when} UTC, {entry.username}, {entry.action}) is broken: "
            f"{self.reason}. Entries from here on cannot be trusted."
        )


def verify_chain(*, chunk_size: int = CHUNK_SIZE) -> ChainCheck:
    """Recompute the chain in id order and stop at the first entry that does not fit.

    An entry is broken if its stored hash is not the hash of its contents (it was changed), if
    its ``previous_hash`` is not the stored hash of the entry before it (an entry was deleted,
    or an entry's hash was rewritten), or if it is the first entry and does not start from the
    genesis hash (the oldest entries were deleted). Entries are streamed, so memory stays flat
    however long the log is.
    """
    checked = 0
    expected = GENESIS
    previous: AccessLogEntry | None = None
    for entry in AccessLogEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        reason = ""
        if entry.compute_hash() != entry.entry_hash:
            reason = BROKEN_CONTENTS
        elif entry.previous_hash != expected:
            reason = (
                BROKEN_GENESIS if previous is None else BROKEN_LINK.format(previous=previous.pk)
            )
        if reason:
            return ChainCheck(checked=checked + 1, newest=previous, broken=entry, reason=reason)
        checked += 1
        expected = entry.entry_hash
        previous = entry
    return ChainCheck(checked=checked, newest=previous)


def export_access_log(
    request: HttpRequest | None, *, entries: AccessLogQuerySet, where: str, user: Any = None
) -> tuple[AccessLogQuerySet, int]:
    """Record an export of ``entries`` in the log; return what to write, oldest first, and how many.

    The export is fixed at the entries that existed when it was recorded: the entry recording
    it, and anything appended while the file is written, are not in it, so the count in its
    description is the number of rows written. ``where`` says where the rows went and which
    filters chose them, for the description.
    """
    upto = AccessLogEntry.objects.aggregate(last=Max("id"))["last"] or 0
    chosen = entries.filter(id__lte=upto).order_by("id")
    count = chosen.count()
    noun = "entry" if count == 1 else "entries"
    record_access(
        request,
        action=AccessLogEntry.Action.EXPORT,
        object_type=EXPORT_OBJECT_TYPE,
        description=f"{count:,} access log {noun} exported as CSV {where}",
        user=user,
    )
    return chosen, count


EXPORT_OBJECT_TYPE = "core.accesslogentry"

CSV_HEADERS = [
    "id",
    "at_utc",
    "username",
    "user_id",
    "action",
    "object_type",
    "object_id",
    "description",
    "ip_address",
    "path",
    "previous_hash",
    "entry_hash",
]


def _cell(value: str) -> str:
    """Defuse text a spreadsheet would run as a formula (descriptions can hold titles that
    people typed). The quote is added to the CSV only; the hash covers the stored text."""
    return safe_cell(value)


def csv_rows(entries: Iterable[AccessLogEntry]) -> Iterator[list[str]]:
    """The header row, then one row per entry, with the fields the hash covers and the hashes,
    so an export can be checked away from the service."""
    yield CSV_HEADERS
    for entry in entries:
        yield [
            str(entry.pk),
            entry.at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            _cell(entry.username),
            "" if entry.user_id is None else str(entry.user_id),
            entry.action,
            _cell(entry.object_type),
            _cell(entry.object_id),
            _cell(entry.description),
            entry.ip_address or "",
            _cell(entry.path),
            entry.previous_hash,
            entry.entry_hash,
        ]


def write_csv(entries: Iterable[AccessLogEntry], out: Any) -> None:
    """Write ``csv_rows`` to a text file opened with ``newline=""``."""
    writer = csv.writer(out)
    for row in csv_rows(entries):
        writer.writerow(row)
