"""Agencies' information requests, the LCSPR's details and their date order, other kinds of
review, and links to parallel processes, through the pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Role
from scrutineer.reviews import workdays
from scrutineer.reviews.models import InformationRequest, ParallelProcess, Review, Stage
from scrutineer.reviews.register import register_rows
from tests.factories import make_agency, make_user, sign_in

from .factories import make_review, published_lcspr

D = dt.date
TODAY = D(2024, 6, 14)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(workdays, "today", lambda: TODAY)


@pytest.fixture
def notified_q(dana):
    # Notified Thursday 4 April 2024, after Easter.
    return make_review("Child Q", team=(dana,), notified_on=D(2024, 4, 4))


def error_summary(response) -> str:
    html = response.content.decode()
    start = html.find('class="govuk-error-summary"')
    assert start != -1, "no error summary on the page"
    return html[start : html.find("</ul>", start)]


def request_url(review: Review) -> str:
    return reverse("reviews:information_request_add", args=[review.pk])


# ---- information requests --------------------------------------------------------------


def test_a_request_is_due_the_rules_working_days_after_sending_by_default(
    dana_client, notified_q, council
):
    # Sent Thursday 4 April: 5 working days on is Thursday 11 April.
    response = dana_client.post(
        request_url(notified_q),
        {"agency": council.pk, "asked": "A chronology", "sent_on": "4/4/2024", "status": "awaited"},
    )
    assert response.status_code == 302
    request = InformationRequest.objects.get()
    assert (request.agency, request.sent_on, request.due_on) == (
        council,
        D(2024, 4, 4),
        D(2024, 4, 11),
    )


def test_a_request_sent_before_easter_is_due_after_it(dana_client, council, dana):
    review = make_review(
        "Child R", team=(dana,), became_aware_on=D(2024, 3, 27), notified_on=D(2024, 3, 28)
    )
    dana_client.post(
        request_url(review),
        {"agency": council.pk, "asked": "Records", "sent_on": "28/3/2024", "status": "awaited"},
    )
    # Good Friday and Easter Monday are not working days: Tue 2 to Fri 5 April, then Mon 8.
    assert InformationRequest.objects.get().due_on == D(2024, 4, 8)


def test_an_overdue_request_is_tagged_on_the_review_page(dana_client, notified_q, council, police):
    InformationRequest.objects.create(
        review=notified_q,
        agency=council,
        asked="Chronology",
        sent_on=D(2024, 6, 3),
        due_on=D(2024, 6, 10),
    )
    InformationRequest.objects.create(
        review=notified_q,
        agency=police,
        asked="Call-outs",
        sent_on=D(2024, 6, 3),
        due_on=D(2024, 6, 10),
        received_on=D(2024, 6, 7),
        status="received",
    )
    html = dana_client.get(reverse("reviews:review", args=[notified_q.pk])).content.decode()
    assert "4 working days overdue" in html  # due Monday 10 June; judged Friday 14 June
    assert "Received 7 Jun 2024" in html
    assert list(InformationRequest.objects.overdue(TODAY)) == [
        notified_q.information_requests.get(agency=council)
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"sent_on": "20/6/2024"}, "sent_on", "The date sent must be today or in the past"),
        (
            {"sent_on": "1/3/2024"},
            "sent_on",
            "The date sent must be the same as or after the date the local authority became aware (28 March 2024)",
        ),
        (
            {"due_on": "3/4/2024"},
            "due_on",
            "The due date must be the same as or after the date sent (4 April 2024)",
        ),
        (
            {"received_on": "3/4/2024", "status": "received"},
            "received_on",
            "The date received must be the same as or after the date sent",
        ),
        ({"status": "received"}, "received_on", "Enter the date the information was received"),
        ({"received_on": "5/4/2024"}, "status", "Select received, or clear the date received"),
        ({"agency": ""}, "agency", "Select the agency asked"),
    ],
    ids=[
        "future",
        "before-aware",
        "due-before-sent",
        "received-before-sent",
        "received-no-date",
        "date-but-awaited",
        "no-agency",
    ],
)
def test_a_request_with_bad_dates_is_refused_on_the_right_field(
    dana_client, notified_q, council, data, field, message
):
    base = {"agency": council.pk, "asked": "Chronology", "sent_on": "4/4/2024", "status": "awaited"}
    response = dana_client.post(request_url(notified_q), {**base, **data})
    assert response.status_code == 200
    assert message in error_summary(response)
    assert f'href="#id_{field}' in error_summary(response)
    assert not InformationRequest.objects.exists()


def test_the_team_records_a_reply_and_removes_a_request(dana_client, notified_q, council):
    request = InformationRequest.objects.create(
        review=notified_q,
        agency=council,
        asked="Chronology",
        sent_on=D(2024, 4, 4),
        due_on=D(2024, 4, 11),
    )
    url = reverse("reviews:information_request", args=[notified_q.pk, request.pk])
    assert dana_client.get(url).status_code == 200
    response = dana_client.post(
        url,
        {
            "agency": council.pk,
            "asked": "Chronology",
            "sent_on": "4/4/2024",
            "due_on": "11/4/2024",
            "received_on": "10/4/2024",
            "status": "received",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.received_on) == ("received", D(2024, 4, 10))
    remove = reverse("reviews:information_request_remove", args=[notified_q.pk, request.pk])
    assert dana_client.get(remove).status_code == 405
    assert dana_client.post(remove).status_code == 302
    assert not InformationRequest.objects.exists()


def test_only_those_who_may_edit_the_review_change_its_requests(
    alice_client, charlie_client, bob_client, notified_q, council
):
    assert alice_client.get(request_url(notified_q)).status_code == 403  # the scrutineer advises
    assert charlie_client.get(request_url(notified_q)).status_code == 404  # not on the team
    assert bob_client.get(request_url(notified_q)).status_code == 200
    other = make_review("Child S")
    request = InformationRequest.objects.create(
        review=other, agency=council, asked="x", sent_on=D(2024, 4, 4), due_on=D(2024, 4, 11)
    )
    # A request of another review cannot be reached through this one.
    url = reverse("reviews:information_request", args=[notified_q.pk, request.pk])
    assert bob_client.get(url).status_code == 404


def test_opening_a_request_form_is_logged_as_a_read(dana_client, notified_q):
    dana_client.get(request_url(notified_q))
    assert AccessLogEntry.objects.filter(
        action="read", object_type="reviews.review", object_id=str(notified_q.pk)
    ).exists()


# ---- LCSPR details ------------------------------------------------------------------------


def lcspr_post(client: Client, review: Review, data: dict[str, str]):
    review.refresh_from_db()
    base = {
        "version": review.version,
        "lcspr_decided_on": "24/4/2024",
        "reviewer_name": "An Independent Reviewer",
        "reviewer_commissioned_on": "20/5/2024",
    }
    return client.post(reverse("reviews:stage", args=[review.pk, "lcspr"]), {**base, **data})


@pytest.fixture
def lcspr_q(dana):
    return make_review(
        "Child Q",
        team=(dana,),
        notified_on=D(2024, 4, 4),
        rapid_review_submitted_on=D(2024, 4, 24),
        decision="lcspr",
    )


def test_the_team_records_terms_of_reference_involvement_and_a_draft(dana_client, lcspr_q):
    response = lcspr_post(
        dana_client,
        lcspr_q,
        {
            "terms_of_reference_on": "3/6/2024",
            "practitioners_involved": "A learning event",
            "practitioners_involved_on": "6/6/2024",
            "family_involved": "The reviewer met the grandmother",
            "family_involved_on": "7/6/2024",
            "draft_report_on": "12/6/2024",
        },
    )
    assert response.status_code == 302
    lcspr_q.refresh_from_db()
    assert (lcspr_q.terms_of_reference_on, lcspr_q.draft_report_on) == (
        D(2024, 6, 3),
        D(2024, 6, 12),
    )
    assert lcspr_q.family_involved == "The reviewer met the grandmother"
    html = dana_client.get(reverse("reviews:review", args=[lcspr_q.pk])).content.decode()
    assert "Terms of reference agreed" in html
    assert "The reviewer met the grandmother<br>(7 June 2024)" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"terms_of_reference_on": "3/6/2024", "draft_report_on": "31/5/2024"},
            "draft_report_on",
            "The date of the draft report must be the same as or after the date the terms of "
            "reference were agreed (3 June 2024)",
        ),
        (
            {"draft_report_on": "12/6/2024", "final_report_on": "10/6/2024"},
            "final_report_on",
            "The date of the final report must be the same as or after the date of the draft report (12 June 2024)",
        ),
        (
            {"terms_of_reference_on": "20/4/2024"},
            "terms_of_reference_on",
            "must be the same as or after the date the partners decided to undertake an LCSPR",
        ),
        ({"draft_report_on": "17/6/2024"}, "draft_report_on", "must be today or in the past"),
        (
            {"family_involved_on": "7/6/2024"},
            "family_involved",
            "Describe how the family is involved",
        ),
    ],
    ids=[
        "draft-before-terms",
        "final-before-draft",
        "terms-before-decision",
        "future-draft",
        "date-without-text",
    ],
)
def test_lcspr_dates_in_the_wrong_order_are_refused(dana_client, lcspr_q, data, field, message):
    response = lcspr_post(dana_client, lcspr_q, data)
    assert response.status_code == 200
    summary = error_summary(response)
    assert message in summary
    assert f'href="#id_{field}"' in summary
    lcspr_q.refresh_from_db()
    assert lcspr_q.lcspr_decided_on is None  # nothing saved


def test_reviews_recorded_before_draft_dates_were_kept_stay_valid(db):
    review = published_lcspr()
    assert review.draft_report_on is None
    assert review.date_problems(today=D(2025, 1, 6)) == []


# ---- other kinds of review and parallel processes -----------------------------------------

INCIDENT = {
    "incident_on": "1/5/2024",
    "became_aware_on": "2/5/2024",
    "incident_summary": "Missed chances to help; no abuse or neglect suspected.",
    "age_band": "10_15",
    "sex": "female",
    "ethnicity": "asian",
    "disability": "no",
    "legal_status": "early_help",
    "harm": "seriously_harmed",
}


def test_a_learning_review_needs_no_notification_criteria_and_has_no_clocks(bob_client):
    response = bob_client.post(
        reverse("reviews:new"), {**INCIDENT, "name": "Young person N", "kind": "learning"}
    )
    assert response.status_code == 302
    review = Review.objects.get(name="Young person N")
    assert review.stage is Stage.OTHER_REVIEW
    assert review.clocks(today=TODAY, calendar=workdays.statutory_calendar()) == []
    page = bob_client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Local learning review (no statutory clocks)" in page
    assert "Notification to the National Panel" not in page
    register = bob_client.get(reverse("reviews:index")).content.decode()
    assert "Young person N" in register


def test_a_serious_incident_still_needs_the_criteria(bob_client):
    response = bob_client.post(
        reverse("reviews:new"), {**INCIDENT, "name": "Child N", "kind": "rapid_review"}
    )
    assert response.status_code == 200
    assert "choose a local learning review" in error_summary(response)


def test_learning_and_thematic_reviews_are_not_counted_on_the_compliance_dashboard(bob_client):
    make_review("Children exploited outside the home", kind="thematic")
    html = bob_client.get(reverse("reviews:compliance")).content.decode()
    assert "2023-24" not in html


def test_the_team_links_a_parallel_process_and_it_shows_on_the_review(dana_client, notified_q):
    url = reverse("reviews:parallel_process_add", args=[notified_q.pk])
    response = dana_client.post(
        url, {"kind": "domestic_homicide", "reference": "DHR 2024/03", "status": "under_way"}
    )
    assert response.status_code == 302
    process = ParallelProcess.objects.get()
    assert (process.review, process.get_kind_display(), process.status) == (
        notified_q,
        "Domestic homicide review",
        "under_way",
    )
    html = dana_client.get(reverse("reviews:review", args=[notified_q.pk])).content.decode()
    assert "Domestic homicide review" in html
    assert "DHR 2024/03" in html
    change = reverse("reviews:parallel_process", args=[notified_q.pk, process.pk])
    dana_client.post(
        change, {"kind": "domestic_homicide", "reference": "DHR 2024/03", "status": "concluded"}
    )
    process.refresh_from_db()
    assert process.status == "concluded"
    dana_client.post(reverse("reviews:parallel_process_remove", args=[notified_q.pk, process.pk]))
    assert not ParallelProcess.objects.exists()


def test_a_parallel_process_needs_its_kind(dana_client, notified_q):
    response = dana_client.post(
        reverse("reviews:parallel_process_add", args=[notified_q.pk]), {"status": "planned"}
    )
    assert "Select which process" in error_summary(response)


def test_a_viewer_cannot_reach_a_reviews_parallel_processes(notified_q, partnership):
    client = sign_in(Client(), make_user("val", Role.VIEWER, make_agency("Schools")))
    assert (
        client.get(reverse("reviews:parallel_process_add", args=[notified_q.pk])).status_code == 404
    )


def test_the_json_listing_gives_the_kind_and_the_new_dates(db):
    review = published_lcspr(terms_of_reference_on=D(2024, 6, 3), draft_report_on=D(2024, 9, 2))
    [row] = register_rows([review], today=TODAY, calendar=workdays.statutory_calendar())
    data = row.as_dict()
    assert data["kind"] == "rapid_review"
    assert (data["dates"]["terms_of_reference"], data["dates"]["draft_report"]) == (
        "2024-06-03",
        "2024-09-02",
    )
