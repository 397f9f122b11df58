"""Background work for case-level data: importing an uploaded file (django-tasks).

An upload is saved, recorded as a queued snapshot (``services.snapshot_prepare``) and handed
to ``import_upload``, which runs the import and then deletes the uploaded file: the raw file
holds the local authority's identifiers, which Scrutineer does not keep. Arguments are plain
values (ids and paths), as every task backend needs.
"""

from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django_tasks import task

from .models import Snapshot
from .services import snapshot_run, upload_discard


@task()
def import_upload(snapshot_id: int, path: str, folder: str) -> str:
    """Import the file(s) at ``path`` into snapshot ``snapshot_id``; then delete ``folder``.

    Returns the snapshot's final status. The snapshot records any failure itself, so the
    task succeeds even when the file is refused.
    """
    try:
        snapshot = Snapshot.objects.filter(pk=snapshot_id).first()
        if snapshot is None:
            return "missing"
        return str(snapshot_run(snapshot=snapshot, path=Path(path)).status)
    finally:
        upload_discard(Path(folder))


def import_upload_enqueue(*, snapshot: Snapshot, path: Path, folder: Path) -> None:
    """Queue the import once the snapshot's row is committed, so a worker can see it."""
    transaction.on_commit(
        lambda: import_upload.enqueue(snapshot_id=snapshot.pk, path=str(path), folder=str(folder))
    )
