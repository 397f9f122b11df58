"""The case-level pages: overview, imports, upload -> progress -> validation report."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutineer.casedata.models import STALE_AFTER, Snapshot, SnapshotProblem
from scrutineer.casedata.services import uploads_folder
from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Role

from ..factories import make_user, sign_in
from .tiny_importers import CLEAN, WITH_PROBLEMS, tiny_text, use_tiny_importers

MB = 1024 * 1024
UPLOAD = reverse("casedata:upload")


@pytest.fixture
def tiny(monkeypatch, settings, tmp_path):
    settings.CASEDATA_DIR = tmp_path / "casedata"
    use_tiny_importers(monkeypatch)
    return tmp_path


@pytest.fixture
def carol(council):
    """Carol leads for the council's children's services: her agency holds case-level data."""
    return make_user("carol", Role.AGENCY_LEAD, council)


@pytest.fixture
def carol_client(carol, partnership) -> Client:
    return sign_in(Client(), carol)


def tiny_upload(name: str = "census.tiny", *lines: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_text(*(lines or WITH_PROBLEMS)).encode(), "text/plain")


def upload(client, captured, *files, **fields):
    with captured(execute=True):
        return client.post(UPLOAD, {"upload": list(files), **fields})


# --- Who sees what ----------------------------------------------------------------------------


def test_everyone_signed_in_learns_what_the_part_holds_but_only_handlers_get_the_links(
    alice_client, bob_client, carol_client, tiny
):
    for client in (alice_client, carol_client):
        page = client.get(reverse("casedata:index")).content.decode()
        assert "Import a file" in page
        assert "The data in force" in page
    page = bob_client.get(reverse("casedata:index")).content.decode()
    assert "Import a file" not in page
    assert "Only the local authority's own staff and the Independent Scrutineer" in page


def test_the_business_unit_cannot_import_or_read_reports(bob_client, tiny):
    assert bob_client.get(UPLOAD).status_code == 403
    assert bob_client.get(reverse("casedata:snapshots")).status_code == 403


def test_someone_in_an_inactive_case_data_agency_is_refused(carol_client, council, tiny):
    council.active = False
    council.save()
    assert carol_client.get(UPLOAD).status_code == 403


# --- Upload -> progress -> report -------------------------------------------------------------


def test_carol_uploads_a_return_and_gets_its_validation_report(
    carol_client, carol, tiny, django_capture_on_commit_callbacks
):
    response = upload(carol_client, django_capture_on_commit_callbacks, tiny_upload())
    snapshot = Snapshot.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casedata:snapshot", args=[snapshot.pk])
    assert snapshot.status == Snapshot.Status.COMPLETE
    assert snapshot.created_by == carol
    assert snapshot.la == "383"  # the partnership's
    assert snapshot.source_name == "census.tiny"
    # The uploaded file is gone once imported: it held the children's IDs.
    assert list(uploads_folder().iterdir()) == []
    page = carol_client.get(response["Location"]).content.decode()
    assert "Validation report" in page
    assert "Unknown code" in page
    assert "The closure date is before the referral date" in page
    assert "4 problems, by child and record" in page
    assert "LA0001" not in page


def test_a_file_of_the_wrong_type_is_refused_on_the_form(
    carol_client, tiny, django_capture_on_commit_callbacks
):
    notes = SimpleUploadedFile("notes.xml", b"<?xml version='1.0'?><Notes/>", "text/xml")
    response = upload(carol_client, django_capture_on_commit_callbacks, notes)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "notes.xml is not a file Scrutineer can import" in page
    assert not Snapshot.objects.exists()
    assert list(uploads_folder().iterdir()) == []


def test_a_workbook_that_is_not_one_is_refused_before_it_is_stored(
    carol_client, tiny, django_capture_on_commit_callbacks
):
    fake = SimpleUploadedFile("annex-a.xlsx", b"List 1,List 2\n", "application/octet-stream")
    response = upload(carol_client, django_capture_on_commit_callbacks, fake)
    assert (
        "The file is called annex-a.xlsx but it is not an Excel spreadsheet"
        in response.content.decode()
    )
    assert not Snapshot.objects.exists()


def test_it_asks_for_a_file(carol_client, tiny):
    response = carol_client.post(UPLOAD, {})
    assert "Select the file to import" in response.content.decode()


def test_a_reference_date_in_the_future_is_refused(
    carol_client, tiny, django_capture_on_commit_callbacks
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = upload(
        carol_client,
        django_capture_on_commit_callbacks,
        tiny_upload(),
        reference_date=tomorrow.strftime("%d/%m/%Y"),
    )
    assert "The reference date must be today or in the past" in response.content.decode()
    assert not Snapshot.objects.exists()


def test_the_reference_date_given_is_kept(carol_client, tiny, django_capture_on_commit_callbacks):
    upload(
        carol_client, django_capture_on_commit_callbacks, tiny_upload(), reference_date="31/3/2024"
    )
    snapshot = Snapshot.objects.get()
    assert (snapshot.reference_date, snapshot.collection_year) == (dt.date(2024, 3, 31), 2024)


def test_uploading_the_same_file_again_goes_to_the_first_import(
    carol_client, tiny, django_capture_on_commit_callbacks
):
    upload(carol_client, django_capture_on_commit_callbacks, tiny_upload())
    response = upload(carol_client, django_capture_on_commit_callbacks, tiny_upload("again.tiny"))
    first = Snapshot.objects.get()
    assert response["Location"] == reverse("casedata:snapshot", args=[first.pk])
    page = carol_client.get(response["Location"]).content.decode()
    assert "was imported already" in page
    assert list(uploads_folder().iterdir()) == []


def test_several_files_are_one_return(carol_client, tiny, django_capture_on_commit_callbacks):
    upload(
        carol_client,
        django_capture_on_commit_callbacks,
        tiny_upload("header.tiny", "child,LA1,F"),
        tiny_upload("episodes.tiny", "referral,LA1,E1,2024-04-02"),
    )
    snapshot = Snapshot.objects.get()
    assert snapshot.format == "903"
    assert snapshot.source_name == "2 files: header.tiny, episodes.tiny"
    assert snapshot.row_counts["referrals"] == 1


def test_several_files_that_are_not_one_return_are_refused_in_words_the_uploader_knows(
    carol_client, tiny, django_capture_on_commit_callbacks
):
    response = upload(
        carol_client,
        django_capture_on_commit_callbacks,
        SimpleUploadedFile("a.csv", b"CHILD,SEX\n1,1\n", "text/csv"),
        SimpleUploadedFile("b.csv", b"CHILD,DECOM\n1,01/04/2024\n", "text/csv"),
    )
    page = response.content.decode()
    assert "The selected files are not the tables of one SSDA903 return" in page
    assert not Snapshot.objects.exists()
    assert list(uploads_folder().iterdir()) == []


def test_an_oversized_request_is_refused_without_reading_it(carol, partnership, tiny):
    client = sign_in(Client(enforce_csrf_checks=True), carol)
    client.get(UPLOAD)
    response = client.generic(
        "POST",
        UPLOAD,
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(2000 * MB),
    )
    assert response.status_code == 413
    assert "The selected file must be smaller than 1024 MB" in response.content.decode()


def test_a_file_that_fails_part_way_shows_why_and_changes_nothing(
    carol_client, tiny, django_capture_on_commit_callbacks
):
    upload(carol_client, django_capture_on_commit_callbacks, tiny_upload("good.tiny", *CLEAN))
    response = upload(
        carol_client,
        django_capture_on_commit_callbacks,
        tiny_upload("bad.tiny", *CLEAN, "refuse,The file stops in the middle of Child 3"),
    )
    page = carol_client.get(response["Location"]).content.decode()
    assert "The import failed" in page
    assert "The file stops in the middle of Child 3" in page
    assert "the data in force before it is still in force" in page
    assert Snapshot.objects.get(source_name="good.tiny").current


# --- Progress ---------------------------------------------------------------------------------


def queued(**values) -> Snapshot:
    defaults = {
        "format": "cin",
        "la": "383",
        "source_name": "big.xml",
        "sha256": "a" * 64,
        "bytes_total": 4 * MB,
    }
    return Snapshot.objects.create(**{**defaults, **values})


def test_a_running_import_shows_its_progress_and_a_refresh_link(carol_client, tiny):
    running = queued(status=Snapshot.Status.RUNNING, bytes_done=MB)
    page = carol_client.get(reverse("casedata:snapshot", args=[running.pk])).content.decode()
    assert "Imported so far: 25%" in page
    assert 'value="25"' in page
    assert "Refresh to see how the import is going" in page
    assert 'hx-trigger="every 2s"' in page
    assert "Validation report" not in page


def test_htmx_polling_gets_the_progress_alone_then_a_refresh_when_done(carol_client, tiny):
    running = queued(status=Snapshot.Status.RUNNING, bytes_done=MB)
    url = reverse("casedata:snapshot", args=[running.pk])
    partial = carol_client.get(url, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()
    assert "Imported so far: 25%" in partial.content.decode()
    Snapshot.objects.filter(pk=running.pk).update(status=Snapshot.Status.COMPLETE, current=True)
    done = carol_client.get(url, headers={"HX-Request": "true"})
    assert done["HX-Refresh"] == "true"


def test_an_import_that_stopped_moving_says_so(carol_client, tiny):
    stuck = queued(status=Snapshot.Status.RUNNING)
    Snapshot.objects.filter(pk=stuck.pk).update(updated_at=timezone.now() - STALE_AFTER * 2)
    page = carol_client.get(reverse("casedata:snapshot", args=[stuck.pk])).content.decode()
    assert "stopped without finishing" in page
    assert "hx-trigger" not in page


# --- The validation report --------------------------------------------------------------------


@pytest.fixture
def reported(db):
    snapshot = queued(
        status=Snapshot.Status.COMPLETE,
        current=True,
        row_counts={"children": 60},
        problem_counts={"future_date": 55, "unknown_code": 5},
    )
    SnapshotProblem.objects.bulk_create(
        [
            SnapshotProblem(
                snapshot=snapshot,
                rule="future_date",
                child=f"PCHILD{n:011d}",
                record=f"Child {n}",
                message="The date is after the reference date",
            )
            for n in range(55)
        ]
        + [
            SnapshotProblem(
                snapshot=snapshot,
                rule="unknown_code",
                child="PUNKNOWNCODECHILD",
                record="Child 99",
                message="N0 is not a primary need code",
            )
            for _ in range(5)
        ]
    )
    return snapshot


def test_the_report_counts_by_rule_then_lists_problems_a_page_at_a_time(carol_client, reported):
    url = reverse("casedata:snapshot", args=[reported.pk])
    page = carol_client.get(url).content.decode()
    assert "Problems, by rule" in page
    assert page.index("Future date") < page.index("Unknown code")  # the most frequent first
    assert "60 problems, by child and record" in page
    assert page.count("The date is after the reference date") == 50
    second = carol_client.get(url, {"page": 2}).content.decode()
    assert second.count("N0 is not a primary need code") == 5


def test_the_report_filters_by_rule_and_by_child(carol_client, reported):
    url = reverse("casedata:snapshot", args=[reported.pk])
    by_rule = carol_client.get(url, {"rule": "unknown_code"}).content.decode()
    assert "5 problems matching the filters" in by_rule
    by_child = carol_client.get(url, {"child": "pchild00000000007"}).content.decode()
    assert "1 problem matching the filters" in by_child
    unknown = carol_client.get(url, {"rule": "no_such_rule"}).content.decode()
    assert "60 problems, by child and record" in unknown


def test_every_view_of_the_problems_is_in_the_access_log(carol_client, reported):
    url = reverse("casedata:snapshot", args=[reported.pk])
    carol_client.get(url)
    carol_client.get(url, {"rule": "unknown_code", "page": 1})
    entries = list(AccessLogEntry.objects.order_by("id"))
    assert [(e.action, e.object_type, e.object_id, e.username) for e in entries] == [
        ("read", "casedata.snapshot", str(reported.pk), "carol")
    ] * 2
    assert (
        entries[1].description
        == f"Validation report of snapshot {reported.pk} (big.xml), page 1, rule unknown_code"
    )


def test_a_progress_poll_is_not_logged_as_a_read(carol_client, tiny):
    running = queued(status=Snapshot.Status.RUNNING)
    carol_client.get(
        reverse("casedata:snapshot", args=[running.pk]), headers={"HX-Request": "true"}
    )
    assert not AccessLogEntry.objects.exists()


def test_the_list_shows_every_import_with_its_state(alice_client, reported, tiny):
    queued(
        sha256="b" * 64, source_name="broken.xml", status=Snapshot.Status.FAILED, error="Not XML"
    )
    page = alice_client.get(reverse("casedata:snapshots")).content.decode()
    assert "2 imports" in page
    assert "In force" in page
    assert "Failed" in page
    assert "broken.xml" in page
