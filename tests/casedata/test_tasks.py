"""The import task (django-tasks): it runs the import and deletes the uploaded file."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django_tasks import TaskResultStatus, default_task_backend

from scrutineer.casedata.models import Snapshot
from scrutineer.casedata.services import snapshot_prepare, upload_folder_new, uploads_folder
from scrutineer.casedata.tasks import import_upload
from scrutineer.partnership.models import Role

from ..factories import make_user, sign_in
from .tiny_importers import CLEAN, tiny_text, use_tiny_importers, write_tiny

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def tiny(monkeypatch, settings, tmp_path, db):
    settings.CASEDATA_DIR = tmp_path / "casedata"
    use_tiny_importers(monkeypatch)
    return tmp_path


def prepared_upload(*lines: str):
    folder = upload_folder_new()
    path = write_tiny(folder / "census.tiny", *lines)
    return snapshot_prepare(path=path, la="383").snapshot, path, folder


def test_the_task_imports_the_file_then_deletes_it(tiny):
    snapshot, path, folder = prepared_upload(*CLEAN)
    result = import_upload.enqueue(snapshot_id=snapshot.pk, path=str(path), folder=str(folder))
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "complete"
    snapshot.refresh_from_db()
    assert snapshot.status == Snapshot.Status.COMPLETE
    assert snapshot.current
    assert not folder.exists()


def test_a_refused_file_is_a_failed_snapshot_and_still_deleted(tiny):
    snapshot, path, folder = prepared_upload(*CLEAN, "refuse,The XML is not well formed")
    result = import_upload.enqueue(snapshot_id=snapshot.pk, path=str(path), folder=str(folder))
    assert result.return_value == "failed"
    snapshot.refresh_from_db()
    assert snapshot.error.startswith("The XML is not well formed")
    assert not folder.exists()


def test_a_snapshot_that_has_gone_is_not_an_error(tiny):
    snapshot, path, folder = prepared_upload(*CLEAN)
    Snapshot.objects.filter(pk=snapshot.pk).delete()
    result = import_upload.enqueue(snapshot_id=snapshot.pk, path=str(path), folder=str(folder))
    assert result.return_value == "missing"
    assert not folder.exists()


def test_the_task_never_deletes_anything_outside_the_uploads_folder(tiny):
    outside = tiny / "keep"
    outside.mkdir()
    path = write_tiny(outside / "census.tiny", *CLEAN)
    snapshot = snapshot_prepare(path=path, la="383").snapshot
    import_upload.enqueue(snapshot_id=snapshot.pk, path=str(path), folder=str(outside))
    assert path.exists()


def test_with_a_queue_the_upload_waits_and_the_worker_finishes_it(
    tiny, settings, council, partnership, django_capture_on_commit_callbacks
):
    """With a real queue the page shows the import waiting until a worker runs the task."""
    settings.TASKS = DUMMY
    client = sign_in(Client(), make_user("carol", Role.AGENCY_LEAD, council))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("casedata:upload"),
            {"upload": [SimpleUploadedFile("census.tiny", tiny_text(*CLEAN).encode())]},
        )
    snapshot = Snapshot.objects.get()
    assert snapshot.status == Snapshot.Status.QUEUED
    page = client.get(response["Location"]).content.decode()
    assert "The import will start shortly" in page
    (queued,) = default_task_backend.results  # type: ignore[attr-defined]
    assert queued.task.name == "import_upload"
    import_upload.call(*queued.args, **queued.kwargs)  # what a worker does
    snapshot.refresh_from_db()
    assert snapshot.status == Snapshot.Status.COMPLETE
    assert list(uploads_folder().iterdir()) == []
    assert "Validation report" in client.get(response["Location"]).content.decode()
