"""The journeys page: who reaches it, the chart and table, suppression, and the access log."""

from __future__ import annotations

import pytest
from django.test import Client

from scrutineer.casedata.demo import snapshot_write
from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Role
from tests.factories import make_user, sign_in

from .journeys_tables import D, child, tables

URL = "/case-data/journeys/"


@pytest.fixture
def snapshot(db, settings, tmp_path):
    """Nine children referred in June 2024; seven assessed (3A for four), three in a s47."""
    settings.CASEDATA_DIR = tmp_path / "casedata"
    names = [f"P{n:02d}" for n in range(9)]
    made = tables(
        children=[child(n, sex="F" if i % 2 else "M") for i, n in enumerate(names)],
        referrals=[
            {"child": n, "referral_id": f"R{n}", "referral_date": D(2024, 6, 3)} for n in names
        ],
        assessments=[
            {"child": n, "referral_id": f"R{n}", "assessment_id": f"A{n}",
             "start_date": D(2024, 6, 5), "factors": ["3A"] if i < 4 else ["4B"]}
            for i, n in enumerate(names[:7])
        ],
        s47=[
            {"child": n, "referral_id": f"R{n}", "s47_id": f"S{n}", "start_date": D(2024, 6, 7)}
            for n in names[:3]
        ],
    )  # fmt: skip
    return snapshot_write(made, la="383", source_name="hand-made")


def test_it_shows_the_chart_and_table_and_logs_the_read(alice_client, snapshot):
    response = alice_client.get(URL, {"year": "2025"})
    assert response.status_code == 200
    body = response.content.decode()
    assert '<svg class="app-journeys"' in body
    assert 'role="img"' in body
    assert '<title id="journeys-title">' in body
    assert "Referral: 9; Assessment: 7; Section 47 enquiry: fewer than 6" in body
    assert "77.8" in body  # 7 of 9 assessed
    assert "<caption" in body
    entry = AccessLogEntry.objects.get(action="read", object_type="casedata.snapshot")
    assert entry.object_id == str(snapshot.pk)
    assert "Journeys 2025" in entry.description


def test_a_rate_from_a_suppressed_count_is_not_shown(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "2025"}).content.decode()
    assert "33.3" not in body
    assert "42.9" not in body
    assert "Not shown" in body


def test_the_filters_narrow_the_children(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "2025", "factor": "domestic_abuse"}).content.decode()
    assert "Referral: fewer than 6" in body
    body = alice_client.get(URL, {"year": "2025", "sex": "M"}).content.decode()
    assert "Referral: fewer than 6" in body


def test_no_referrals_in_the_year_says_so(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "2023"}).content.decode()
    assert "No referrals match these filters in this year" in body
    assert "<svg" not in body


def test_bad_input_gets_an_error_summary_and_no_figures(alice_client, snapshot):
    body = alice_client.get(URL, {"year": "twenty", "sex": "X"}).content.decode()
    assert "govuk-error-summary" in body
    assert "Enter the reporting year as a 4-digit year" in body
    assert "Select a valid choice" in body
    assert "<svg" not in body
    assert not AccessLogEntry.objects.filter(object_type="casedata.snapshot").exists()


def test_people_who_do_not_handle_case_data_are_refused(db, partnership, snapshot):
    bob = make_user("bob", Role.BUSINESS_UNIT)
    assert sign_in(Client(), bob).get(URL).status_code == 403
    assert not AccessLogEntry.objects.filter(object_type="casedata.snapshot").exists()


def test_with_no_snapshot_it_says_so(alice_client, db):
    body = alice_client.get(URL).content.decode()
    assert "There is no case-level data yet" in body
