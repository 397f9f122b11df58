"""The register's pages through HTTP: the journey from notification to publication, bad dates,
two people editing at once, and who may open what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.actions.models import Recommendation
from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Role
from scrutineer.reviews.models import Review, ReviewRules, Stage
from tests.factories import make_user, sign_in

from .factories import make_review, published_lcspr

D = dt.date


def stage_url(review: Review, stage: str) -> str:
    return reverse("reviews:stage", args=[review.pk, stage])


def post_stage(client: Client, review: Review, stage: str, data: dict[str, str]):
    review.refresh_from_db()
    return client.post(stage_url(review, stage), {"version": review.version, **data})


INCIDENT = {
    "name": "Child Q",
    "incident_on": "25/3/2024",
    "became_aware_on": "28/3/2024",
    "incident_summary": "A baby was taken to hospital with a head injury.",
    "age_band": "under_1",
    "sex": "male",
    "ethnicity": "white",
    "disability": "not_known",
    "legal_status": "child_in_need",
    "harm": "seriously_harmed",
    "abuse_or_neglect": "on",
}


def test_it_takes_a_review_from_notification_to_publication_through_the_forms(bob_client, dana):
    response = bob_client.post(reverse("reviews:new"), {**INCIDENT, "team": [dana.pk]})
    review = Review.objects.get(name="Child Q")
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:review", args=[review.pk])
    assert review.stage is Stage.INCIDENT
    assert list(review.team.all()) == [dana]

    steps = [
        ("notification", {"notified_on": "4/4/2024", "panel_reference": "SIN-2024-001"}),
        ("rapid-review", {"rapid_review_submitted_on": "24/4/2024"}),
        ("decision", {"decision": "lcspr", "decision_rationale": "Learning on bruising."}),
        (
            "panel",
            {
                "panel_responded_on": "10/5/2024",
                "panel_view": "agree",
                "national_review": "not_undertaken",
            },
        ),
        (
            "lcspr",
            {
                "lcspr_decided_on": "24/4/2024",
                "reviewer_name": "A Reviewer",
                "reviewer_commissioned_on": "20/5/2024",
                "final_report_on": "30/9/2024",
            },
        ),
        (
            "publication",
            {
                "planned_publication_on": "21/10/2024",
                "notice_sent_on": "9/10/2024",
                "published_on": "21/10/2024",
            },
        ),
    ]
    stages = []
    for stage, data in steps:
        response = post_stage(bob_client, review, stage, data)
        assert response.status_code == 302, response.content.decode()
        review.refresh_from_db()
        stages.append(review.stage)
    assert stages == [
        Stage.RAPID_REVIEW,
        Stage.AWAITING_PANEL,
        Stage.AWAITING_PANEL,
        Stage.LCSPR_COMMISSIONING,
        Stage.LCSPR_FINAL,
        Stage.PUBLISHED,
    ]
    assert review.version == 7
    page = bob_client.get(reverse("reviews:review", args=[review.pk])).content.decode()
    assert "Published" in page
    assert page.count('govuk-tag--green">On time') == 4


def test_a_review_team_member_records_a_stage(dana_client, child_q):
    response = post_stage(dana_client, child_q, "notification", {"notified_on": "4/4/2024"})
    assert response.status_code == 302
    child_q.refresh_from_db()
    assert child_q.notified_on == D(2024, 4, 4)


def test_the_scrutineer_reads_a_review_but_does_not_edit_it(alice_client, child_q):
    assert alice_client.get(reverse("reviews:review", args=[child_q.pk])).status_code == 200
    assert alice_client.get(stage_url(child_q, "notification")).status_code == 403
    response = post_stage(alice_client, child_q, "notification", {"notified_on": "4/4/2024"})
    assert response.status_code == 403
    child_q.refresh_from_db()
    assert child_q.notified_on is None


def test_only_the_business_unit_changes_the_review_team(dana_client, bob_client, child_q, charlie):
    assert dana_client.get(stage_url(child_q, "team")).status_code == 403
    response = post_stage(bob_client, child_q, "team", {"team": [charlie.pk]})
    assert response.status_code == 302
    assert list(child_q.team.all()) == [charlie]


# ---- bad input -------------------------------------------------------------------------------


def error_summary(response) -> str:
    content = response.content.decode()
    start = content.index('class="govuk-error-summary"')
    return content[start : content.index("</ul>", start)]


def test_it_refuses_becoming_aware_before_the_incident(bob_client):
    response = bob_client.post(reverse("reviews:new"), {**INCIDENT, "became_aware_on": "20/3/2024"})
    assert response.status_code == 200
    summary = error_summary(response)
    assert 'href="#id_became_aware_on"' in summary
    assert "must be the same as or after the incident date (25 March 2024)" in summary
    assert response.content.decode().count("<title>Error: ") == 1
    assert not Review.objects.exists()


def test_it_refuses_a_notification_before_the_incident(bob_client, child_q):
    response = post_stage(bob_client, child_q, "notification", {"notified_on": "1/3/2024"})
    assert response.status_code == 200
    assert "must be the same as or after the date the local authority became aware" in (
        error_summary(response)
    )


def test_it_refuses_a_future_date(bob_client, child_q):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = post_stage(
        bob_client, child_q, "notification", {"notified_on": f"{tomorrow:%d/%m/%Y}"}
    )
    assert "must be today or in the past" in error_summary(response)


def test_it_refuses_a_publication_before_the_final_report(bob_client):
    review = published_lcspr(published_on=None, notice_sent_on=None)
    response = post_stage(bob_client, review, "publication", {"published_on": "1/9/2024"})
    assert response.status_code == 200
    assert "must be the same as or after the date of the final report (30 September 2024)" in (
        error_summary(response)
    )


def test_it_refuses_a_final_report_before_the_decision(bob_client):
    review = published_lcspr(final_report_on=None, notice_sent_on=None, published_on=None)
    response = post_stage(
        bob_client,
        review,
        "lcspr",
        {"lcspr_decided_on": "24/4/2024", "final_report_on": "1/4/2024"},
    )
    assert "after the date the partners decided to undertake an LCSPR" in error_summary(response)


def test_it_refuses_a_date_that_is_not_a_date(bob_client, child_q):
    response = post_stage(bob_client, child_q, "notification", {"notified_on": "31/2/2024"})
    assert "must be a real date, written as day/month/year" in error_summary(response)


def test_it_refuses_an_incident_that_does_not_meet_the_criteria(bob_client):
    data = {key: value for key, value in INCIDENT.items() if key != "abuse_or_neglect"}
    response = bob_client.post(reverse("reviews:new"), data)
    assert "does not meet the criteria for a serious incident" in error_summary(response)


def test_it_refuses_a_childs_real_looking_name_for_a_review(bob_client):
    response = bob_client.post(reverse("reviews:new"), {**INCIDENT, "name": "Jayden Smith"})
    assert "Never use the child&#x27;s real name" in error_summary(response)


def test_it_refuses_a_meeting_before_the_local_authority_became_aware(bob_client, child_q):
    url = reverse("reviews:meeting_add", args=[child_q.pk])
    response = bob_client.post(url, {"held_on": "1/3/2024"})
    assert "became aware (28 March 2024)" in error_summary(response)
    response = bob_client.post(url, {"held_on": "10/4/2024", "purpose": "First meeting"})
    assert response.status_code == 302
    assert [m.held_on for m in child_q.meetings.all()] == [D(2024, 4, 10)]


# ---- two people editing at once ----------------------------------------------------------------


def test_it_gives_the_second_editor_their_answers_back_and_saves_nothing(
    bob_client, dana_client, child_q
):
    # Both open the notification form at version 1.
    assert bob_client.get(stage_url(child_q, "notification")).status_code == 200
    assert dana_client.get(stage_url(child_q, "notification")).status_code == 200
    first = dana_client.post(
        stage_url(child_q, "notification"), {"version": 1, "notified_on": "4/4/2024"}
    )
    assert first.status_code == 302
    second = bob_client.post(
        stage_url(child_q, "notification"),
        {"version": 1, "notified_on": "5/4/2024", "panel_reference": "SIN-9"},
    )
    assert second.status_code == 409
    content = second.content.decode()
    assert "Someone else saved changes to this review while you were editing it" in content
    assert 'value="5/4/2024"' in content  # exactly as typed
    assert 'value="SIN-9"' in content
    assert "4 April 2024" in content  # what is saved now, beside the answer
    assert 'name="version" value="2"' in content
    child_q.refresh_from_db()
    assert (child_q.notified_on, child_q.panel_reference, child_q.version) == (D(2024, 4, 4), "", 2)

    again = bob_client.post(
        stage_url(child_q, "notification"),
        {"version": 2, "notified_on": "5/4/2024", "panel_reference": "SIN-9"},
    )
    assert again.status_code == 302
    child_q.refresh_from_db()
    assert (child_q.notified_on, child_q.panel_reference, child_q.version) == (
        D(2024, 4, 5),
        "SIN-9",
        3,
    )


# ---- access ---------------------------------------------------------------------------------


def test_it_logs_every_read_of_a_review_page(dana_client, dana, child_q):
    dana_client.get(reverse("reviews:review", args=[child_q.pk]))
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id) == (
        "read",
        "reviews.review",
        str(child_q.pk),
    )
    assert (entry.description, entry.username) == ("Child Q", "dana")


@pytest.mark.parametrize(
    "url_name", ["reviews:review", "reviews:meeting_add", "reviews:recommendation_add"]
)
def test_someone_off_the_team_gets_404_and_nothing_is_logged(charlie_client, child_q, url_name):
    response = charlie_client.get(reverse(url_name, args=[child_q.pk]))
    assert response.status_code == 404
    assert charlie_client.get(stage_url(child_q, "notification")).status_code == 404
    assert not AccessLogEntry.objects.exists()


def test_the_register_shows_only_the_reviews_a_person_may_see(charlie_client, dana_client, child_q):
    make_review("Child R")
    assert "Child Q" not in charlie_client.get(reverse("reviews:index")).content.decode()
    page = dana_client.get(reverse("reviews:index")).content.decode()
    assert "Child Q" in page
    assert "Child R" not in page


def test_the_register_shows_each_clock_with_working_days_as_tags(bob_client):
    make_review("Child Q")  # aware 28 Mar 2024, never notified
    make_review(
        "Child S",
        notified_on=D(2024, 4, 4),
        rapid_review_submitted_on=D(2024, 4, 24),
        decision="no_lcspr",
        panel_responded_on=D(2024, 5, 10),
        panel_view="agree",
    )
    page = bob_client.get(reverse("reviews:index")).content.decode()
    assert "Due 8 Apr 2024" in page
    assert 'govuk-tag--red">' in page
    assert "working days overdue" in page
    assert "Done 4 Apr 2024, due 8 Apr 2024" in page
    assert page.count("Not needed") == 2  # Child S: no LCSPR, so no publication either
    assert page.count("Not started") == 3  # Child Q: rapid review, LCSPR, notice


def test_the_compliance_dashboard_shows_counts_to_the_executive(child_q, partnership):
    published_lcspr()
    client = sign_in(Client(), make_user("exec", Role.EXECUTIVE))
    response = client.get(reverse("reviews:compliance"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "2023-24" in content
    assert "1 of 2 (50.0%)" in content  # notifications within 5 working days
    assert "Child Q" not in content
    assert "Child P" not in content


def test_the_compliance_dashboard_is_not_for_a_viewer(partnership):
    client = sign_in(Client(), make_user("val", Role.VIEWER))
    assert client.get(reverse("reviews:compliance")).status_code == 403


def test_the_business_unit_sets_the_rapid_review_start_point(bob_client, alice_client):
    assert alice_client.get(reverse("reviews:rules")).status_code == 403
    response = bob_client.post(
        reverse("reviews:rules"),
        {
            "rapid_review_starts_from": "became_aware",
            "publication_notice_working_days": "10",
            "reminder_working_days": "3",
            "information_request_working_days": "7",
        },
    )
    assert response.status_code == 302
    rules = ReviewRules.load()
    assert (rules.rapid_review_starts_from, rules.publication_notice_working_days) == (
        "became_aware",
        10,
    )
    assert (rules.reminder_working_days, rules.information_request_working_days) == (3, 7)


def test_a_recommendation_from_a_review_goes_to_the_action_tracker(dana_client, child_q):
    response = dana_client.post(
        reverse("reviews:recommendation_add", args=[child_q.pk]),
        {"reference": "R1", "text": "Agencies should share bruising protocols."},
    )
    assert response.status_code == 302
    recommendation = Recommendation.objects.get()
    assert (recommendation.source_type, recommendation.source_id) == (
        "reviews.review",
        str(child_q.pk),
    )
    assert recommendation.source_label == "Child Q"
    page = dana_client.get(reverse("reviews:review", args=[child_q.pk])).content.decode()
    assert "Agencies should share bruising protocols." in page


def test_renaming_a_review_relabels_its_recommendations(bob_client, child_q):
    bob_client.post(
        reverse("reviews:recommendation_add", args=[child_q.pk]), {"text": "Share protocols."}
    )
    response = post_stage(bob_client, child_q, "incident", {**INCIDENT, "name": "Child Q1"})
    assert response.status_code == 302
    assert Recommendation.objects.get().source_label == "Child Q1"


def test_the_register_and_dashboard_take_the_same_queries_however_many_reviews(
    bob_client, dana, django_assert_max_num_queries
):
    for n in range(25):
        make_review(f"Child {n}", team=(dana,), notified_on=D(2024, 4, 4))
    with django_assert_max_num_queries(9):
        response = bob_client.get(reverse("reviews:index"))
    assert len(response.context["rows"]) == 25
    with django_assert_max_num_queries(9):
        bob_client.get(reverse("reviews:compliance"))


def test_an_lcspr_decided_after_the_panel_challenges_no_lcspr_becomes_the_decision(bob_client):
    review = make_review(
        notified_on=D(2024, 4, 4),
        rapid_review_submitted_on=D(2024, 4, 24),
        decision="no_lcspr",
        decision_rationale="Learning already known.",
        panel_responded_on=D(2024, 5, 10),
        panel_view="challenge",
    )
    assert review.stage is Stage.CLOSED
    response = post_stage(bob_client, review, "lcspr", {"lcspr_decided_on": "20/5/2024"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.decision, review.stage) == ("lcspr", Stage.LCSPR_COMMISSIONING)


def test_it_reports_a_missing_incident_date_once(bob_client):
    response = bob_client.post(reverse("reviews:new"), {**INCIDENT, "incident_on": ""})
    summary = error_summary(response)
    assert summary.count("<li>") == 1
    assert "Enter the incident date" in summary
