"""The library through HTTP: upload with errors then success, who may do what, the access log,
hidden drafts, oversized requests, and a constant number of queries on the list."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutineer.core.models import AccessLogEntry
from scrutineer.library.models import Document
from scrutineer.partnership.models import Role
from tests.factories import make_user, sign_in

from .conftest import make_document
from .files import OLE, PDF, docx

MB = 1024 * 1024
UPLOAD = reverse("library:upload")
INDEX = reverse("library:index")


def stored_files() -> int:
    try:
        return len(default_storage.listdir("library")[1])
    except FileNotFoundError:
        return 0


def upload_file(name: str = "annual-report.pdf", content: bytes = PDF):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def form_data(**overrides):
    data = {
        "title": "Annual safeguarding report 2024-25",
        "kind": Document.Kind.AGENCY_REPORT,
        "document_date": "30/6/2025",
        "summary": "Contacts to the front door rose 6% on the year.",
        "share": "now",
        "upload": upload_file(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def client_for(user) -> Client:
    return sign_in(Client(), user)


# -- uploading -------------------------------------------------------------------------------


def test_it_shows_an_agency_lead_the_upload_form_for_their_own_agency(charlie_client):
    response = charlie_client.get(UPLOAD)
    assert response.status_code == 200
    assert b"<title>Upload a document" in response.content
    assert b"The document will belong to Testshire Police" in response.content
    assert b'name="agency"' not in response.content


def test_it_reports_every_problem_at_once_and_saves_nothing(charlie_client):
    before = stored_files()
    response = charlie_client.post(UPLOAD, {})
    assert response.status_code == 200
    assert b"<title>Error: Upload a document" in response.content
    body = response.content.decode()
    assert "There is a problem" in body
    for message in (
        "Enter the title of the document",
        "Select what kind of document it is",
        "Enter the date of the document",
        "Select a file to upload",
        "Select whether to share the document now or keep it as a draft",
    ):
        assert message in body
    assert Document.objects.count() == 0
    assert stored_files() == before


def test_it_rejects_a_bad_file_and_saves_nothing(charlie_client):
    before = stored_files()
    response = charlie_client.post(UPLOAD, form_data(upload=upload_file("report.docx", OLE)))
    assert response.status_code == 200
    assert b"This file is password-protected" in response.content
    assert Document.objects.count() == 0
    assert stored_files() == before


def test_it_rejects_a_file_named_as_something_it_is_not(charlie_client):
    response = charlie_client.post(UPLOAD, form_data(upload=upload_file("report.pdf", b"hello")))
    assert b"The file is called report.pdf but it is not a PDF" in response.content
    assert Document.objects.count() == 0


def test_it_rejects_a_date_in_the_future(charlie_client):
    response = charlie_client.post(UPLOAD, form_data(document_date="1/1/2999"))
    assert b"must be today or in the past" in response.content
    assert Document.objects.count() == 0


def test_it_uploads_a_document_for_the_agency_leads_own_agency(charlie_client, charlie, police):
    response = charlie_client.post(UPLOAD, form_data())
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("library:document", args=[document.pk])
    assert document.agency == police
    assert document.uploaded_by == charlie
    assert document.shared is True
    assert document.shared_at is not None
    assert document.original_name == "annual-report.pdf"
    assert document.content_type == "application/pdf"
    assert document.size_bytes == len(PDF)
    assert document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert document.document_date == date(2025, 6, 30)


def test_it_stores_the_file_under_a_random_name(charlie_client):
    charlie_client.post(UPLOAD, form_data(upload=upload_file("Child A timeline.pdf")))
    document = Document.objects.get()
    name = document.file.name or ""
    assert "Child" not in name
    assert name.startswith("library/")
    assert name.endswith(".pdf")
    with document.file.open("rb") as stored:
        assert stored.read() == PDF


def test_it_keeps_a_draft_when_asked(charlie_client):
    charlie_client.post(UPLOAD, form_data(share="draft"))
    document = Document.objects.get()
    assert document.shared is False
    assert document.shared_at is None


def test_it_ignores_another_agency_sent_by_an_agency_lead(charlie_client, police, council):
    charlie_client.post(UPLOAD, form_data(agency=council.pk))
    assert Document.objects.get().agency == police


def test_it_lets_the_scrutineer_choose_the_agency(alice_client, council):
    response = alice_client.get(UPLOAD)
    assert b'name="agency"' in response.content
    response = alice_client.post(UPLOAD, form_data(agency=council.pk))
    assert response.status_code == 302
    assert Document.objects.get().agency == council


def test_it_asks_the_business_unit_to_choose_the_agency(bob_client, council):
    response = bob_client.post(UPLOAD, form_data())
    assert b"Select the agency the document belongs to" in response.content
    assert Document.objects.count() == 0


def test_it_tells_the_business_unit_a_draft_for_another_agency_is_now_theirs(bob_client, council):
    response = bob_client.post(UPLOAD, form_data(agency=council.pk, share="draft"), follow=True)
    document = Document.objects.get()
    assert document.agency == council
    assert b"uploaded as a draft for" in response.content
    assert bob_client.get(reverse("library:document", args=[document.pk])).status_code == 404


@pytest.mark.parametrize("role", [Role.EXECUTIVE, Role.AUDITOR, Role.VIEWER])
def test_it_forbids_upload_to_other_roles(police, partnership, role):
    client = client_for(make_user("someone", role, police))
    assert client.get(UPLOAD).status_code == 403
    assert client.post(UPLOAD, form_data()).status_code == 403
    assert Document.objects.count() == 0


def test_it_hides_the_upload_button_from_people_who_cannot_upload(viewer, partnership):
    response = client_for(viewer).get(INDEX)
    assert UPLOAD.encode() not in response.content


# -- the concern check -----------------------------------------------------------------------


def test_it_stops_what_looks_like_a_concern_about_a_child(charlie_client):
    before = stored_files()
    data = form_data(summary="I am worried about Jayden, he has bruises on his arms")
    response = charlie_client.post(UPLOAD, data)
    body = response.content.decode()
    assert "This service does not take concerns about children" in body
    assert "the Front Door Team on 0113 496 0999" in body
    assert "call 999" in body
    assert 'name="not_a_concern"' in body
    assert Document.objects.count() == 0
    assert stored_files() == before


def test_it_saves_once_the_writer_says_it_is_not_a_concern(charlie_client):
    data = form_data(
        summary="I am worried about Jayden, he has bruises on his arms", not_a_concern="on"
    )
    response = charlie_client.post(UPLOAD, data)
    assert response.status_code == 302
    assert Document.objects.count() == 1


def test_it_does_not_ask_about_an_ordinary_report(charlie_client):
    response = charlie_client.get(UPLOAD)
    assert b'name="not_a_concern"' not in response.content
    data = form_data(
        title="Police report on child exploitation trends",
        summary="Recorded crimes with a child criminal exploitation flag rose from 212 to 251.",
    )
    assert charlie_client.post(UPLOAD, data).status_code == 302


# -- oversized requests ----------------------------------------------------------------------


def test_it_refuses_an_oversized_request_without_reading_its_body(charlie, partnership):
    # The test client's payload refuses to be read past its end, so this fails if anything,
    # the CSRF check included, reads the body before the length is checked.
    client = sign_in(Client(enforce_csrf_checks=True), charlie)
    client.get(UPLOAD)  # a CSRF cookie, so that the check would go on to read the body
    response = client.generic(
        "POST",
        UPLOAD,
        b"--x\r\n",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(500 * MB),
    )
    assert response.status_code == 413
    assert b"The selected file must be smaller than 25 MB" in response.content
    assert Document.objects.count() == 0


def test_it_refuses_a_real_upload_over_the_limit(charlie_client, settings):
    settings.UPLOAD_MAX_MEGABYTES = 1
    big = upload_file("notes.txt", b"a" * (2 * MB))
    response = charlie_client.post(UPLOAD, form_data(upload=big))
    assert response.status_code == 413
    assert b"The selected file must be smaller than 1 MB" in response.content
    assert Document.objects.count() == 0


def test_it_refuses_a_file_just_over_the_limit_in_a_request_within_it(charlie_client, settings):
    settings.UPLOAD_MAX_MEGABYTES = 1
    response = charlie_client.post(UPLOAD, form_data(upload=upload_file("a.txt", b"a" * (MB + 1))))
    assert response.status_code == 200
    assert b"The selected file must be smaller than 1 MB" in response.content
    assert Document.objects.count() == 0


def test_it_still_checks_csrf_on_an_upload_within_the_limit(charlie, partnership):
    client = sign_in(Client(enforce_csrf_checks=True), charlie)
    response = client.post(UPLOAD, form_data())
    assert response.status_code == 403
    assert Document.objects.count() == 0


# -- reading and downloading -----------------------------------------------------------------


def test_it_shows_a_document_and_logs_the_read(alice_client, alice, police):
    document = make_document(police, title="Police exploitation trends")
    response = alice_client.get(reverse("library:document", args=[document.pk]))
    assert response.status_code == 200
    assert b"<title>Police exploitation trends" in response.content
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id) == (
        "read",
        "library.document",
        str(document.pk),
    )
    assert entry.user == alice
    assert entry.description == "Police exploitation trends"


def test_it_downloads_a_document_as_an_attachment_and_logs_it(alice_client, police):
    document = make_document(police, original_name='Annual "report"?.pdf')
    response = alice_client.get(reverse("library:download", args=[document.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="Annual _report__.pdf"'
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.object_id) == ("download", str(document.pk))


@pytest.mark.parametrize("page", ["library:document", "library:download", "library:withdraw"])
def test_it_says_not_found_for_another_agencys_draft(alice_client, council_lead, police, page):
    draft = make_document(police, shared=False)
    assert alice_client.get(reverse(page, args=[draft.pk])).status_code == 404
    assert client_for(council_lead).get(reverse(page, args=[draft.pk])).status_code == 404
    assert AccessLogEntry.objects.count() == 0


def test_it_says_not_found_when_sharing_another_agencys_draft(council_lead, police, partnership):
    draft = make_document(police, shared=False)
    response = client_for(council_lead).post(reverse("library:share", args=[draft.pk]))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.shared is False


def test_it_shows_the_agency_lead_their_own_draft(charlie_client, police):
    draft = make_document(police, shared=False, title="Police draft")
    response = charlie_client.get(reverse("library:document", args=[draft.pk]))
    assert response.status_code == 200
    assert b"Share with the partnership" in response.content
    assert b"Withdraw this draft" in response.content


# -- sharing and withdrawing -----------------------------------------------------------------


def test_it_lets_the_agency_lead_share_a_draft(charlie_client, police):
    draft = make_document(police, shared=False)
    response = charlie_client.post(reverse("library:share", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.shared is True
    assert draft.shared_at is not None


def test_it_lets_the_business_unit_share_the_partnerships_draft(bob_client, partnership_agency):
    draft = make_document(partnership_agency, shared=False)
    bob_client.post(reverse("library:share", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.shared is True


def test_it_only_shares_by_post(charlie_client, police):
    draft = make_document(police, shared=False)
    assert charlie_client.get(reverse("library:share", args=[draft.pk])).status_code == 405


@pytest.mark.parametrize("who", ["alice", "viewer", "council_lead"])
def test_it_forbids_others_to_share_or_withdraw_a_shared_document(
    request, police, partnership, who
):
    document = make_document(police, shared=True)
    client = client_for(request.getfixturevalue(who))
    assert client.post(reverse("library:share", args=[document.pk])).status_code == 403
    assert client.post(reverse("library:withdraw", args=[document.pk])).status_code == 403
    assert Document.objects.filter(pk=document.pk).exists()


def test_it_asks_before_withdrawing_a_draft(charlie_client, police):
    draft = make_document(police, shared=False)
    response = charlie_client.get(reverse("library:withdraw", args=[draft.pk]))
    assert response.status_code == 200
    assert b"Are you sure you want to withdraw this draft?" in response.content
    assert Document.objects.filter(pk=draft.pk).exists()


def test_it_withdraws_a_draft_that_was_never_shared(
    charlie_client, police, django_capture_on_commit_callbacks
):
    draft = make_document(police, shared=False)
    name = draft.file.name or ""
    with django_capture_on_commit_callbacks(execute=True):
        response = charlie_client.post(reverse("library:withdraw", args=[draft.pk]))
    assert response.status_code == 302
    assert not Document.objects.filter(pk=draft.pk).exists()
    assert not default_storage.exists(name)


def test_it_will_not_withdraw_a_shared_document_and_says_why(charlie_client, police):
    document = make_document(police, shared=True)
    response = charlie_client.post(reverse("library:withdraw", args=[document.pk]))
    assert response.status_code == 409
    assert b"has been shared with the partnership, so it cannot be withdrawn" in response.content
    assert Document.objects.filter(pk=document.pk).exists()


# -- the list --------------------------------------------------------------------------------


def test_it_lists_what_the_user_can_see_newest_first(charlie_client, police, council):
    make_document(council, title="Council draft", shared=False)
    make_document(police, title="Older report", document_date=date(2024, 1, 1))
    make_document(police, title="Police draft", shared=False, document_date=date(2025, 7, 1))
    response = charlie_client.get(INDEX)
    body = response.content.decode()
    assert "Council draft" not in body
    assert body.index("Police draft") < body.index("Older report")
    assert "Draft</strong>" in body
    assert "Shared</strong>" in body


def test_it_filters_by_agency_kind_priority_and_title(alice_client, police, council, priority):
    wanted = make_document(police, title="Exploitation trends", kind=Document.Kind.DATA)
    wanted.priorities.add(priority)
    make_document(police, title="Exploitation strategy", kind=Document.Kind.STRATEGY)
    make_document(council, title="Exploitation data", kind=Document.Kind.DATA)
    query = {"agency": police.pk, "kind": "data", "priority": priority.pk, "title": "exploit"}
    body = alice_client.get(INDEX, query).content.decode()
    assert "Exploitation trends" in body
    assert "Exploitation strategy" not in body
    assert "Exploitation data" not in body
    assert "1 document found" in body


def test_it_ignores_a_filter_value_that_does_not_exist(alice_client, police):
    make_document(police, title="Police report")
    body = alice_client.get(INDEX, {"agency": "999999", "kind": "nonsense"}).content.decode()
    assert "Police report" in body


def test_it_returns_only_the_results_to_htmx(alice_client, police):
    make_document(police, title="Police report")
    response = alice_client.get(INDEX, {"title": "police"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert "Police report" in body
    assert 'hx-swap-oob="innerHTML"' in body


def test_it_lists_with_the_same_number_of_queries_however_many_documents(
    alice_client, police, council, priority
):
    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert alice_client.get(INDEX).status_code == 200
        return len(captured)

    make_document(police, title="First").priorities.add(priority)
    few = queries_for_list()
    for number in range(12):
        agency = police if number % 2 else council
        make_document(agency, title=f"Report {number}").priorities.add(priority)
    assert queries_for_list() == few
    # Session, user, two-factor device, partnership, count, may-upload, filter agencies and
    # priorities, documents, their priorities, and the session save.
    assert few <= 13


def test_it_pages_a_long_list(alice_client, police):
    for number in range(51):
        make_document(police, title=f"Report {number}")
    body = alice_client.get(INDEX).content.decode()
    assert "page 1 of 2" in body
    assert 'rel="next"' in body
    assert "page 2 of 2" in alice_client.get(INDEX, {"page": 2}).content.decode()


def test_the_upload_with_a_real_docx_reaches_the_download(charlie_client):
    content = docx()
    charlie_client.post(UPLOAD, form_data(upload=upload_file("strategy.docx", content)))
    document = Document.objects.get()
    response = charlie_client.get(reverse("library:download", args=[document.pk]))
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
