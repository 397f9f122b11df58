"""The case sampling page: who reaches it, the sample, the CSV and the access log."""

from __future__ import annotations

import pytest
from django.test import Client

from scrutineer.casedata.demo import snapshot_write
from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Role
from tests.factories import make_user, sign_in

from .journeys_tables import D, child, tables

URL = "/case-data/sample/"


@pytest.fixture
def snapshot(db, settings, tmp_path):
    settings.CASEDATA_DIR = tmp_path / "casedata"
    made = tables(
        children=[child(f"P{n:02d}", sex="F" if n % 2 else "M") for n in range(12)],
        referrals=[
            {"child": f"P{n:02d}", "referral_id": f"R{n}", "referral_date": D(2024, 5, n + 1)}
            for n in range(12)
        ],
    )
    return snapshot_write(made, la="383", source_name="hand-made")


def test_it_shows_a_sample_and_logs_the_read(alice_client, snapshot):
    response = alice_client.get(URL, {"size": "4", "seed": "42", "stratify": "sex"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "4 of 12 children who fit" in body
    assert body.count('<th scope="row" class="govuk-table__header">P') == 4
    entry = AccessLogEntry.objects.get(action="read", object_type="casedata.snapshot")
    assert "seed 42" in entry.description


def test_the_csv_has_the_same_sample_and_is_logged_as_a_download(alice_client, snapshot):
    page = alice_client.get(URL, {"size": "3", "seed": "7"}).content.decode()
    response = alice_client.get(URL, {"size": "3", "seed": "7", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().strip().splitlines()
    assert lines[0].startswith("Pseudonym,Referral")
    assert len(lines) == 4
    for line in lines[1:]:
        assert line.split(",")[0] in page
    assert AccessLogEntry.objects.filter(action="download").count() == 1


def test_bad_input_gets_an_error_summary_and_no_sample(alice_client, snapshot):
    response = alice_client.get(URL, {"size": "0", "seed": "x"})
    body = response.content.decode()
    assert "Enter a sample size from 1 to 200" in body
    assert "Enter the seed as a whole number" in body
    assert "govuk-error-summary" in body
    assert not AccessLogEntry.objects.filter(object_type="casedata.snapshot").exists()


def test_people_who_do_not_handle_case_data_are_refused(db, partnership, snapshot):
    bob = make_user("bob", Role.BUSINESS_UNIT)
    assert sign_in(Client(), bob).get(URL).status_code == 403


def test_with_no_snapshot_it_says_so(alice_client, db):
    body = alice_client.get(URL).content.decode()
    assert "There is no case-level data yet" in body
