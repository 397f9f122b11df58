"""The business unit's access log page and its CSV download."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scrutineer.core.accesslog import record_access
from scrutineer.core.models import AccessLogEntry
from tests.factories import sign_in

URL = reverse("access_log")
CSV_URL = reverse("access_log_csv")
TABLE = AccessLogEntry._meta.db_table
triggers = importlib.import_module("scrutineer.core.migrations.0003_accesslog_append_only")


def write(count: int = 1, **values: Any) -> list[AccessLogEntry]:
    values.setdefault("action", "read")
    values.setdefault("object_type", "library.document")
    return [record_access(None, object_id=number, **values) for number in range(1, count + 1)]


def write_at(when: dt.datetime, monkeypatch: pytest.MonkeyPatch, **values: Any) -> AccessLogEntry:
    monkeypatch.setattr(timezone, "now", lambda: when)
    [entry] = write(**values)
    monkeypatch.undo()
    return entry


def ids_on(response: Any) -> list[int]:
    return [entry.pk for entry in response.context["page"].object_list]


def csv_rows(response: Any) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


# ---- who may see it ------------------------------------------------------------------------


def test_it_sends_a_visitor_to_sign_in(db):
    response = Client().get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_forbids_the_scrutineer(alice_client):
    assert alice_client.get(URL).status_code == 403
    assert alice_client.get(CSV_URL).status_code == 403
    assert alice_client.post(URL).status_code == 403


def test_it_forbids_an_agency_lead(charlie, partnership):
    client = sign_in(Client(), charlie)
    assert client.get(URL).status_code == 403
    assert client.get(CSV_URL).status_code == 403


def test_it_forbids_an_exports_by_someone_who_is_refused_and_records_nothing(alice_client):
    write(2)
    alice_client.get(CSV_URL)
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_it_shows_the_business_unit_the_log_newest_first(bob_client, alice):
    record_access(None, action="read", object_type="library.document", object_id=4, user=alice)
    entries = write(2)
    response = bob_client.get(URL)
    assert response.status_code == 200
    assert ids_on(response) == [entries[1].pk, entries[0].pk, entries[0].pk - 1]
    assert b"<title>Access log" in response.content
    assert b"Evidence library: document 4" in response.content
    assert b"alice" in response.content


def test_it_shows_fifty_entries_a_page_with_pagination(bob_client):
    entries = write(51)
    first = bob_client.get(URL)
    assert len(ids_on(first)) == 50
    assert b'class="govuk-pagination"' in first.content
    second = bob_client.get(URL, {"page": 2})
    assert ids_on(second) == [entries[0].pk]
    assert b'aria-current="page">2</a>' in second.content


# ---- filters -------------------------------------------------------------------------------


def test_it_filters_by_part_of_a_username(bob_client, alice, bob):
    ours = record_access(None, action="read", object_type="library.document", user=alice)
    record_access(None, action="read", object_type="library.document", user=bob)
    response = bob_client.get(URL, {"person": "LIC"})
    assert ids_on(response) == [ours.pk]
    assert b"1 entry found" in response.content


def test_it_filters_by_action(bob_client):
    write(2)
    [download] = write(action="download")
    assert ids_on(bob_client.get(URL, {"action": "download"})) == [download.pk]


def test_it_filters_by_record_type_offering_only_the_types_in_the_log(bob_client):
    write(2)
    [other] = write(object_type="casedata.child")
    response = bob_client.get(URL, {"record_type": "casedata.child"})
    assert ids_on(response) == [other.pk]
    choices = [value for value, _ in response.context["form"].fields["record_type"].choices]
    assert choices == ["", "casedata.child", "library.document"]


def test_it_filters_by_whole_days_in_uk_time(bob_client, monkeypatch):
    write_at(dt.datetime(2026, 6, 30, 22, 59, tzinfo=dt.UTC), monkeypatch)
    inside = write_at(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), monkeypatch)
    write_at(dt.datetime(2026, 7, 1, 23, 0, tzinfo=dt.UTC), monkeypatch)
    response = bob_client.get(URL, {"since": "1/7/2026", "until": "01/07/2026"})
    assert ids_on(response) == [inside.pk]


def test_it_says_so_when_nothing_matches(bob_client):
    write(1)
    response = bob_client.get(URL, {"person": "nobody"})
    assert b"No entries match these filters." in response.content


@pytest.mark.parametrize("field", ["since", "until"])
def test_it_explains_a_date_that_is_not_real(bob_client, field):
    write(1)
    response = bob_client.get(URL, {field: "31/02/2026"})
    assert response.status_code == 200
    name = "from date" if field == "since" else "to date"
    assert f"The {name} must be a real date, like 23/11/2026".encode() in response.content
    assert b"govuk-error-summary" in response.content
    assert b"<title>Error: Access log" in response.content
    assert response.context["page"] is None


def test_it_explains_an_end_before_the_start(bob_client):
    response = bob_client.get(URL, {"since": "2/7/2026", "until": "1/7/2026"})
    assert b"The to date must be the same as or after the from date" in response.content


def test_it_explains_an_action_that_is_not_in_the_list(bob_client):
    response = bob_client.get(URL, {"action": "peek"})
    assert b"Select an action from the list" in response.content


# ---- htmx ----------------------------------------------------------------------------------


def test_it_sends_only_the_results_to_htmx(bob_client):
    write(1)
    response = bob_client.get(URL, {"action": "read"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.content.lstrip().startswith(b'<div id="access-log-results">')
    assert b"<h1" not in response.content
    assert b"hx-swap-oob" in response.content


def test_it_sends_the_whole_page_to_htmx_when_the_filters_are_wrong(bob_client):
    response = bob_client.get(URL, {"since": "31/02/2026"}, headers={"HX-Request": "true"})
    assert response["HX-Retarget"] == "#main-content"
    assert response["HX-Reselect"] == "#main-content"
    assert b"govuk-error-summary" in response.content


# ---- checking the chain --------------------------------------------------------------------


def test_it_does_not_check_the_chain_on_every_view(bob_client):
    write(2)
    response = bob_client.get(URL)
    assert response.context["chain"] is None
    assert b"Check the chain" in response.content


def test_it_checks_the_chain_when_asked(bob_client):
    write(2)
    response = bob_client.post(URL)
    assert response.status_code == 200
    assert b"2 entries checked: the chain is intact." in response.content


def test_it_shows_a_broken_chain_as_a_warning(bob_client):
    entries = write(3)
    create, drop = triggers.STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
        cursor.execute(f"UPDATE {TABLE} SET username = 'x' WHERE id = %s", [entries[1].pk])  # noqa: S608
        for statement in create:
            cursor.execute(statement)
    response = bob_client.post(URL)
    assert b"govuk-warning-text" in response.content
    assert f"Entry {entries[1].pk} (".encode() in response.content
    assert b"Entries from here on cannot be trusted." in response.content


# ---- CSV -----------------------------------------------------------------------------------


def test_it_downloads_what_is_filtered_as_csv_and_records_the_export(bob_client, bob):
    write(2)
    [download] = write(action="download")
    response = bob_client.get(CSV_URL, {"action": "download"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="access-log-')
    assert [row["id"] for row in csv_rows(response)] == [str(download.pk)]
    export = AccessLogEntry.objects.order_by("-id").first()
    assert export is not None
    assert (export.action, export.user_id, export.username) == ("export", bob.pk, "bob")
    assert export.path == f"{CSV_URL}?action=download"
    assert "1 access log entry exported as CSV" in export.description
    assert "(action download)" in export.description


def test_it_links_to_the_csv_of_what_is_filtered(bob_client):
    write(1)
    response = bob_client.get(URL, {"person": "sys", "page": "1"})
    assert f'href="{CSV_URL}?person=sys"'.encode() in response.content


def test_it_does_not_export_anything_when_the_filters_are_wrong(bob_client):
    write(2)
    response = bob_client.get(CSV_URL, {"since": "31/02/2026"})
    assert response.status_code == 302
    assert response["Location"] == f"{URL}?since=31%2F02%2F2026"
    assert not AccessLogEntry.objects.filter(action="export").exists()


# ---- queries -------------------------------------------------------------------------------


def page_queries(client: Client, **params: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL, params).status_code == 200
    return len(queries)


def test_the_page_does_the_same_queries_however_long_the_log(bob_client, alice):
    record_access(None, action="read", object_type="library.document", user=alice)
    few = page_queries(bob_client)
    for number in range(120):
        record_access(None, action="read", object_type=f"type.{number % 7}", user=alice)
    assert page_queries(bob_client) == few
    assert page_queries(bob_client, page="2", person="ali") == few


def test_the_page_stays_within_its_query_budget(bob_client, alice, django_assert_max_num_queries):
    for number in range(60):
        record_access(None, action="read", object_type=f"type.{number % 5}", user=alice)
    with django_assert_max_num_queries(10):
        bob_client.get(URL, {"action": "read"})
