"""Importing case-level files into snapshots, and looking up pseudonyms.

An import has two steps, so that the page can answer at once and a task can do the work:

1. ``snapshot_prepare``: refuse an oversized file (from its size alone), find its format by
   content, fingerprint it, and either find the snapshot that already holds this very file
   (re-importing is idempotent) or record a new one, queued;
2. ``snapshot_run``: stream the file through its importer into the store, writing the
   problems for the validation report in bulk and the progress as it goes; only at the end,
   in one transaction, does the snapshot become complete and current. Anything that goes
   wrong leaves a failed snapshot with a message, no files and no problems, and the
   previous snapshot current.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import secrets
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from scrutineer.core.accesslog import record_access
from scrutineer.core.models import AccessLogEntry
from scrutineer.core.pseudonyms import normalise, pseudonym
from scrutineer.partnership.models import Partnership

from . import detect, store
from .importers.base import ImportRefused, Problem, Row
from .models import STALE_AFTER, Snapshot, SnapshotProblem

log = logging.getLogger(__name__)

PROBLEM_BATCH = 1000
PROGRESS_EVERY_SECONDS = 1.0
Progress = Callable[[int, int], None]


def max_import_bytes() -> int:
    return int(settings.CASEDATA_MAX_MEGABYTES) * 1024 * 1024


def partnership_la() -> str | None:
    """The local authority code of the partnership this installation serves, if set up."""
    partnership = Partnership.load()
    return partnership.la_code if partnership and partnership.la_code else None


def pseudonymiser(la: str) -> Callable[[str], str]:
    """The function an importer is given: identifier -> pseudonym, with this installation's
    key. Cached, since a child's ID recurs on every record of theirs."""
    key = bytes(settings.PSEUDONYM_KEY)
    return functools.lru_cache(maxsize=16_384)(functools.partial(pseudonym, key=key, la=la))


# --- Step 1: prepare -------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    """What ``snapshot_prepare`` found: the snapshot, and whether it is new or the earlier
    import of this very file."""

    snapshot: Snapshot
    created: bool
    importer: ModuleType

    @property
    def message(self) -> str:
        """For a snapshot found again: what it is, in a sentence."""
        snapshot = self.snapshot
        when = timezone.localtime(snapshot.created_at).strftime("%d %B %Y at %H:%M")
        if self.created:
            return f"Snapshot {snapshot.pk} created"
        state = {
            Snapshot.Status.COMPLETE: "was imported",
            Snapshot.Status.RUNNING: "is being imported",
            Snapshot.Status.QUEUED: "is waiting to be imported",
        }.get(Snapshot.Status(snapshot.status), "was imported")
        return (
            f"This file {state} already, as snapshot {snapshot.pk} on {when}: it was not "
            "imported again"
        )


def snapshot_prepare(
    *,
    path: Path,
    la: str,
    wanted: str | None = None,
    importer: ModuleType | None = None,
    source_name: str | None = None,
    reference_date: dt.date | None = None,
    user: Any = None,
) -> Prepared:
    """Check, recognise and fingerprint a file, then find or record its snapshot.

    Raises ``ImportRefused`` (with a message for the person importing) when the file is too
    big, is not in a format Scrutineer reads, or no local authority is given.
    """
    if not la or not la.isdigit() or len(la) != 3:
        raise ImportRefused(
            "Say which local authority the file is from, as its three-digit DfE code (like 383)"
        )
    limit = max_import_bytes()
    detect.check_size(path, max_bytes=limit)
    if importer is None:
        importer = detect.detect_format(path, wanted=wanted)
    source = detect.measure(path, max_bytes=limit)
    fmt = str(importer.FORMAT)
    snapshots_expire_stale()
    existing = Snapshot.objects.same_file(sha256=source.sha256, format=fmt, la=la).first()
    if existing is not None:
        return Prepared(snapshot=existing, created=False, importer=importer)
    reference_date = reference_date or detect.reference_date_of(importer, path)
    try:
        with transaction.atomic():
            snapshot = Snapshot.objects.create(
                format=fmt,
                la=la,
                source_name=(source_name or source.name)[:255],
                sha256=source.sha256,
                reference_date=reference_date,
                collection_year=detect.collection_year(reference_date),
                created_by=user if getattr(user, "is_authenticated", False) else None,
                bytes_total=source.size,
            )
    except IntegrityError:
        # Someone else started the same file a moment ago: theirs is the import.
        existing = Snapshot.objects.same_file(sha256=source.sha256, format=fmt, la=la).first()
        if existing is None:
            raise
        return Prepared(snapshot=existing, created=False, importer=importer)
    return Prepared(snapshot=snapshot, created=True, importer=importer)


def snapshots_expire_stale(*, now: dt.datetime | None = None) -> int:
    """Mark imports that stopped moving (their process died) as failed, so the same file can
    be imported again; returns how many."""
    now = now or timezone.now()
    stale = Snapshot.objects.filter(
        status__in=(Snapshot.Status.QUEUED, Snapshot.Status.RUNNING),
        updated_at__lt=now - STALE_AFTER,
    )
    ids = list(stale.values_list("id", flat=True))
    for ident in ids:
        _fail(
            ident,
            "The import stopped without finishing (the server may have restarted). "
            "Import the file again.",
        )
    return len(ids)


# --- Step 2: run ------------------------------------------------------------------------------


class _Tracker:
    """Progress and problems of one import, written to the database in batches."""

    def __init__(self, snapshot: Snapshot, on_progress: Progress | None) -> None:
        self.snapshot_id = int(snapshot.pk)
        self.total = int(snapshot.bytes_total)
        self.on_progress = on_progress
        self.done = 0
        self.written_at = 0.0
        self.problems: list[SnapshotProblem] = []
        self.counts: Counter[str] = Counter()

    def progress(self, done: int) -> None:
        """The importer's callback: bytes read so far (never goes back, never past the end)."""
        self.done = max(self.done, min(int(done), self.total))
        if self.on_progress is not None:
            self.on_progress(self.done, self.total)
        moment = time.monotonic()
        if moment - self.written_at >= PROGRESS_EVERY_SECONDS:
            self.written_at = moment
            Snapshot.objects.filter(pk=self.snapshot_id).update(
                bytes_done=self.done, updated_at=timezone.now()
            )

    def problem(self, problem: Problem) -> None:
        self.counts[problem.rule] += 1
        severity = problem.severity if problem.severity in ("error", "warning") else "error"
        self.problems.append(
            SnapshotProblem.fit(
                snapshot_id=self.snapshot_id,
                rule=problem.rule,
                severity=severity,
                child=problem.child,
                record=problem.record,
                message=problem.message,
            )
        )
        if len(self.problems) >= PROBLEM_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.problems:
            SnapshotProblem.objects.bulk_create(self.problems)
            self.problems = []
            Snapshot.objects.filter(pk=self.snapshot_id).update(updated_at=timezone.now())


def snapshot_run(
    *,
    snapshot: Snapshot,
    path: Path,
    importer: ModuleType | None = None,
    on_progress: Progress | None = None,
) -> Snapshot:
    """Import ``path`` into ``snapshot`` (prepared, queued) and return it, complete or failed.

    Never raises for a bad file: the snapshot is marked failed with a message saying why.
    """
    if snapshot.status != Snapshot.Status.QUEUED:
        return snapshot
    importer = importer or detect.importers().get(snapshot.format)
    if importer is None:
        _fail(snapshot.pk, f"There is no importer for the format {snapshot.format!r}")
        return _reloaded(snapshot)
    Snapshot.objects.filter(pk=snapshot.pk).update(
        status=Snapshot.Status.RUNNING, updated_at=timezone.now()
    )
    tracker = _Tracker(snapshot, on_progress)
    try:
        with store.SnapshotWriter(snapshot) as writer:
            events = importer.read(
                path,
                pseudonymise=pseudonymiser(snapshot.la),
                reference_date=snapshot.reference_date,
                progress=tracker.progress,
            )
            for event in events:
                if isinstance(event, Row):
                    writer.add(event)
                elif isinstance(event, Problem):
                    tracker.problem(event)
            tracker.flush()
            row_counts = writer.commit()
        _complete(snapshot, row_counts=row_counts, problem_counts=dict(tracker.counts))
    except ImportRefused as refused:
        _fail(snapshot.pk, str(refused))
    except store.StoreError as error:
        _fail(snapshot.pk, f"The import stopped: {error}")
    except Exception as error:  # the snapshot must end failed, whatever went wrong
        log.exception("Import of snapshot %s failed", snapshot.pk)
        _fail(
            snapshot.pk,
            f"The import stopped because of an error in Scrutineer ({type(error).__name__}). "
            "Nothing was imported. Tell the business unit, with the snapshot number.",
        )
    return _reloaded(snapshot)


def _complete(
    snapshot: Snapshot, *, row_counts: dict[str, int], problem_counts: dict[str, int]
) -> None:
    """Make the snapshot complete and current, in one transaction; if that fails, its files go."""
    try:
        with transaction.atomic():
            Snapshot.objects.filter(la=snapshot.la, format=snapshot.format, current=True).update(
                current=False
            )
            Snapshot.objects.filter(pk=snapshot.pk).update(
                status=Snapshot.Status.COMPLETE,
                current=True,
                row_counts=row_counts,
                problem_counts=dict(sorted(problem_counts.items())),
                bytes_done=snapshot.bytes_total,
                finished_at=timezone.now(),
                updated_at=timezone.now(),
                error="",
            )
    except Exception:
        store.remove(snapshot)
        raise


def _fail(snapshot_id: int, message: str) -> None:
    """A failed import keeps its message and nothing else: no problems, no files."""
    store.remove(snapshot_id)
    with transaction.atomic():
        SnapshotProblem.objects.filter(snapshot_id=snapshot_id).delete()
        Snapshot.objects.filter(pk=snapshot_id).update(
            status=Snapshot.Status.FAILED,
            current=False,
            error=message,
            row_counts={},
            problem_counts={},
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )


def _reloaded(snapshot: Snapshot) -> Snapshot:
    snapshot.refresh_from_db()
    return snapshot


def snapshot_make_current(*, snapshot: Snapshot) -> Snapshot:
    """Put an earlier complete snapshot back in force for its local authority and format."""
    if snapshot.status != Snapshot.Status.COMPLETE:
        raise ImportRefused(f"Snapshot {snapshot.pk} is not complete, so it cannot be current")
    store.tables(snapshot)  # its files must still be there
    with transaction.atomic():
        Snapshot.objects.filter(la=snapshot.la, format=snapshot.format, current=True).update(
            current=False
        )
        Snapshot.objects.filter(pk=snapshot.pk).update(current=True)
    return _reloaded(snapshot)


# --- Uploads ----------------------------------------------------------------------------------


def uploads_folder() -> Path:
    """Where uploaded files wait for their import; each is deleted once imported, since the
    raw file holds the identifiers Scrutineer does not keep."""
    return store.root() / ".uploads"


def upload_folder_new() -> Path:
    """A new, empty folder for one upload, inside ``uploads_folder``."""
    folder = uploads_folder() / secrets.token_hex(16)
    folder.mkdir(parents=True)
    return folder


def upload_discard(folder: Path) -> None:
    """Delete one upload's folder; anything that is not one is left alone."""
    if folder.resolve().parent == uploads_folder().resolve():
        shutil.rmtree(folder, ignore_errors=True)


# --- Pseudonym look-up ------------------------------------------------------------------------


@dataclass(frozen=True)
class Lookup:
    pseudonym: str
    checked: str = ""

    @property
    def matches(self) -> bool | None:
        """Whether the pseudonym to check is this ID's; None if none was given."""
        return None if not self.checked else self.checked == self.pseudonym


def pseudonym_lookup(
    request: HttpRequest | None, *, identifier: str, la: str, check: str = "", user: Any = None
) -> Lookup:
    """The pseudonym of a local authority child ID, written to the access log.

    The log names the pseudonym, never the ID, so it can say who looked up which child
    without holding the identifier Scrutineer does not keep.
    """
    result = Lookup(
        pseudonym=pseudonym(identifier, key=bytes(settings.PSEUDONYM_KEY), la=la),
        checked=normalise(check),
    )
    if result.matches is None:
        description = f"Looked up the pseudonym of a child ID of local authority {la}"
    else:
        outcome = "it matches" if result.matches else "it does not match"
        description = f"Checked pseudonym {result.checked} against a child ID of {la}: {outcome}"
    record_access(
        request,
        action=AccessLogEntry.Action.LOOKUP,
        object_type="casedata.pseudonym",
        object_id=result.pseudonym,
        description=description,
        user=user,
    )
    return result
