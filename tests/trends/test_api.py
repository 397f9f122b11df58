"""The returns API through HTTP: tokens, reading a return, submitting versions, reading them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from scrutineer.core.models import AccessLogEntry
from scrutineer.trends.models import ApiToken, DataReturn, Observation, SeriesValue, Submission
from scrutineer.trends.services import Figure, return_for, submission_create
from scrutineer.trends.tokens import token_revoke

from ..factories import make_user, sign_in
from .api_helpers import QUARTER, call, issue, make_police_indicators, whole_return
from .factories import make_indicator

Q1 = dt.date(2024, 4, 1)
RETURN = f"/api/returns/{QUARTER}"


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def secret(police, council) -> str:
    make_police_indicators(police)
    make_indicator("referrals", council)  # another agency's, to be kept out
    return issue(police)[1]


# --- Tokens ------------------------------------------------------------------------------------


def test_it_refuses_a_call_without_a_token(client, secret):
    response = call(client, "get", "/api/indicators", None)
    assert response.status_code == 401
    assert "Authorization" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_a_token_it_does_not_know(client, secret):
    other_end = "B" if secret.endswith("A") else "A"  # a secret may end in "A" itself
    for wrong in ("scr_00000000_" + "x" * 43, secret[:-1] + other_end, "not-a-token", secret + "x"):
        response = call(client, "get", "/api/indicators", wrong)
        assert response.status_code == 401, wrong
        assert "not recognised" in response.json()["detail"]


def test_it_refuses_another_scheme_than_bearer(client, secret):
    response = client.get("/api/indicators", headers={"Authorization": f"Token {secret}"})
    assert response.status_code == 401


def test_it_refuses_a_revoked_token(client, police, secret):
    token = ApiToken.objects.get(agency=police)
    token_revoke(token=token, by=None)
    response = call(client, "get", "/api/indicators", secret)
    assert response.status_code == 401
    assert "revoked on" in response.json()["detail"]


def test_it_refuses_the_token_of_an_agency_no_longer_active(client, police, secret):
    police.active = False
    police.save()
    response = call(client, "get", "/api/indicators", secret)
    assert response.status_code == 401
    assert "no longer active" in response.json()["detail"]


def test_a_signed_in_session_is_not_a_token(secret, bob_client):
    response = bob_client.get("/api/indicators")
    assert response.status_code == 401


def test_it_is_not_sent_to_the_two_factor_page_by_a_half_signed_in_session(police, secret):
    client = sign_in(Client(), make_user("halfway", "business_unit"), verified=False)
    assert call(client, "get", "/api/indicators", secret).status_code == 200
    assert client.get("/api/docs").status_code == 200


def test_it_marks_the_token_used(client, police, secret):
    assert ApiToken.objects.get(agency=police).last_used_at is None
    call(client, "get", "/api/indicators", secret)
    assert ApiToken.objects.get(agency=police).last_used_at is not None


# --- Reading ----------------------------------------------------------------------------------


def test_it_lists_only_the_indicators_the_agency_supplies(client, police, secret):
    make_indicator("police_old", police, active=False)
    response = call(client, "get", "/api/indicators", secret)
    assert response.status_code == 200
    rows = response.json()
    assert [row["code"] for row in rows] == ["police_da_incidents", "police_da_child_present_pct"]
    assert rows[1]["unit"] == "percentage"
    assert rows[1]["numerator"] == "incidents with a child present"
    assert set(rows[0]) == {
        "code", "name", "definition", "unit", "frequency", "numerator", "denominator"
    }  # fmt: skip


def test_it_shows_a_return_s_cells_due_date_and_versions(client, secret):
    response = call(client, "get", RETURN, secret)
    assert response.status_code == 200
    body = response.json()
    assert body["agency"] == "Testshire Police"
    assert body["quarter"] == "2024-25-Q1"
    assert body["label"] == "April to June 2024"
    assert body["due_on"] == "2024-07-19"
    assert body["late"] is True
    assert body["versions"] == []
    assert len(body["expected"]) == 6
    assert {"indicator": "police_da_incidents", "period": "2024-05"} in body["expected"]


def test_reading_a_return_does_not_make_one(client, secret):
    call(client, "get", RETURN, secret)
    assert not DataReturn.objects.exists()


@pytest.mark.parametrize("written", ["2024-25-Q1", "2024-25Q1", "2024-25%20Q1", "2024-25-q1"])
def test_it_reads_the_quarter_in_each_form_it_documents(client, secret, written):
    response = call(client, "get", f"/api/returns/{written}", secret)
    assert response.status_code == 200
    assert response.json()["quarter"] == "2024-25-Q1"


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("2024-Q1", "is not a financial quarter"),
        ("2024-26-Q1", "the years must follow on"),
        ("2024-25-Q5", "is not a financial quarter"),
        ("1990-91-Q1", "2000-01 to 2098-99"),
    ],
)
def test_it_says_how_to_write_a_quarter_it_cannot_read(client, secret, written, says):
    response = call(client, "get", f"/api/returns/{written}", secret)
    assert response.status_code == 404
    assert says in response.json()["detail"]


# --- Submitting -------------------------------------------------------------------------------


def test_it_accepts_a_whole_return_as_version_one(client, police, secret):
    response = call(client, "post", RETURN, secret, whole_return())
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["version"] == 1
    assert body["figures"] == 6
    assert body["changes"] == []
    assert body["summary"].startswith("Version 1")
    submission = Submission.objects.get()
    assert submission.channel == "api"
    assert submission.token == ApiToken.objects.get(agency=police)
    assert submission.note == "From the crime system, 3 July."
    assert submission.data_return.quarter_start == Q1
    assert SeriesValue.objects.get(
        indicator__code="police_da_incidents", period_start=dt.date(2024, 5, 1)
    ).value == Decimal("398")


def test_a_second_submission_is_version_two_and_version_one_is_kept(client, secret):
    call(client, "post", RETURN, secret, whole_return((412, 398, 405)))
    response = call(client, "post", RETURN, secret, whole_return((412, 401, 405)))
    assert response.status_code == 201
    body = response.json()
    assert body["version"] == 2
    assert body["summary"] == "Version 2: 1 figure changed from version 1."
    assert body["changes"] == [
        {
            "indicator": "police_da_incidents",
            "period": "2024-05",
            "kind": "changed",
            "before": 398.0,
            "after": 401.0,
            "before_missing": "",
            "after_missing": "",
        }
    ]
    assert Submission.objects.count() == 2
    assert Observation.objects.filter(submission__version=1, value=398).exists()
    versions = call(client, "get", RETURN, secret).json()["versions"]
    assert [(v["version"], v["figures"], v["channel"]) for v in versions] == [
        (1, 6, "api"),
        (2, 6, "api"),
    ]


def test_it_reads_a_version_s_figures(client, secret):
    call(client, "post", RETURN, secret, whole_return((412, 398, 405)))
    call(client, "post", RETURN, secret, whole_return((412, 401, 405)))
    response = call(client, "get", f"{RETURN}/versions/1", secret)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1
    assert body["channel"] == "api"
    may = [f for f in body["figures"] if f["period"] == "2024-05"]
    assert {"indicator": "police_da_incidents", "period": "2024-05", "value": 398.0,
            "numerator": None, "denominator": None, "reason_missing": ""} in may  # fmt: skip


def test_a_version_the_return_does_not_have_is_not_found(client, secret):
    call(client, "post", RETURN, secret, whole_return())
    for n in ("2", "40000", "99999999999999999999"):
        response = call(client, "get", f"{RETURN}/versions/{n}", secret)
        assert response.status_code == 404, n
        assert "no version" in response.json()["detail"]


@pytest.mark.parametrize("n", ["0", "-1", "one"])
def test_a_version_number_that_is_not_a_positive_whole_number_is_refused(client, secret, n):
    response = call(client, "get", f"{RETURN}/versions/{n}", secret)
    assert response.status_code == 422
    assert response.json()["problems"][0]["where"] == "n"


def test_another_agency_s_return_is_not_found(client, council, secret):
    referrals = make_indicator("council_referrals", council)
    submission_create(
        data_return=return_for(agency=council, quarter_start=Q1),
        figures=[Figure(referrals.code, Q1, Decimal(5))],
        channel="csv",
    )
    assert call(client, "get", f"{RETURN}/versions/1", secret).status_code == 404
    body = call(client, "get", RETURN, secret).json()
    assert body["agency"] == "Testshire Police"
    assert body["versions"] == []


def test_unknown_addresses_under_the_api_answer_in_json(client, secret):
    response = call(client, "get", "/api/no/such/thing", secret)
    assert response.status_code == 404
    assert "no such address" in response.json()["detail"]


def test_the_api_root_leads_to_the_docs(client):
    response = client.get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/api/docs"


# --- The access log ---------------------------------------------------------------------------


def test_every_read_and_submission_is_in_the_access_log_with_the_token_as_actor(
    client, police, secret
):
    prefix = ApiToken.objects.get(agency=police).prefix
    before = AccessLogEntry.objects.count()
    call(client, "get", "/api/indicators", secret)
    call(client, "get", RETURN, secret)
    call(client, "post", RETURN, secret, whole_return())
    call(client, "post", RETURN, secret, {"figures": []})
    call(client, "get", f"{RETURN}/versions/1", secret)
    entries = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [e.username for e in entries] == [f"api:{prefix}"] * 5
    assert all(e.user_id is None for e in entries)
    words = [e.description for e in entries]
    assert "listed 2 indicators" in words[0]
    assert "read the return for April to June 2024" in words[1]
    assert "submitted version 1" in words[2]
    assert "refused a return" in words[3]
    assert "read version 1" in words[4]
    assert entries[2].object_id == str(DataReturn.objects.get().pk)


def test_a_refused_call_is_not_logged_as_the_token(client, secret):
    before = AccessLogEntry.objects.count()
    call(client, "get", "/api/indicators", "scr_00000000_" + "x" * 43)
    assert AccessLogEntry.objects.count() == before
