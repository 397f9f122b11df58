"""The challenge log through HTTP: the list and its filters, a challenge, raising one by hand,
answering, closing, and who may do each."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutineer.challenges.models import Challenge, ChallengeStatus
from scrutineer.challenges.services import challenge_respond
from scrutineer.partnership.models import Role
from tests.factories import make_user, sign_in

from .conftest import make_challenge


def test_everyone_signed_in_reads_the_log_with_overdue_ones_marked_in_words(
    police, council, partnership
):
    make_challenge(police, question="Why are call-outs rising?", days=-3)
    make_challenge(council, question="How are assessments kept on time?")
    viewer = sign_in(Client(), make_user("vic", Role.VIEWER, police))
    response = viewer.get(reverse("challenges:index"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Why are call-outs rising?" in html
    assert "How are assessments kept on time?" in html
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in html
    assert "(1 overdue in the whole log)" in html
    assert "Raise a challenge" not in html  # a viewer cannot


def test_the_log_filters_by_status_and_agency(alice_client, police, council):
    late = make_challenge(police, question="Late police question", days=-3)
    make_challenge(police, question="Answered police question")
    challenge_respond(
        challenge=Challenge.objects.get(question="Answered police question"),
        response="Done",
        user=None,
    )
    make_challenge(council, question="Council question")

    def questions(query: str) -> list[str]:
        response = alice_client.get(reverse("challenges:index") + query)
        return [c.question for c, _ in response.context["rows"]]

    assert questions("?status=overdue") == [late.question]
    assert questions("?status=responded") == ["Answered police question"]
    assert sorted(questions(f"?agency={police.pk}")) == [
        "Answered police question",
        "Late police question",
    ]
    assert questions(f"?agency={council.pk}&status=open") == ["Council question"]
    assert len(questions("?status=nonsense")) == 3  # an unknown filter is ignored


def test_the_list_costs_the_same_queries_for_many_challenges(
    alice_client, police, django_assert_max_num_queries
):
    for n in range(30):
        make_challenge(police, question=f"Question {n}")
    with django_assert_max_num_queries(12):
        alice_client.get(reverse("challenges:index"))


def test_a_challenge_page_shows_the_question_evidence_due_date_and_response(
    alice_client, police_challenge, charlie
):
    challenge_respond(
        challenge=police_challenge, response="We are auditing 20 cases.", user=charlie
    )
    html = alice_client.get(
        reverse("challenges:challenge", args=[police_challenge.pk])
    ).content.decode()
    assert f"Challenge {police_challenge.reference}" in html
    assert "What is driving the rise in re-referrals?" in html
    assert "Above the upper process limit for 3 months." in html
    assert "We are auditing 20 cases." in html
    assert "Close the challenge" in html


def test_the_business_unit_raises_a_challenge_by_hand(bob_client, police):
    due = timezone.localdate() + dt.timedelta(days=28)
    response = bob_client.post(
        reverse("challenges:add"),
        {
            "question": "How are children's voices heard at strategy discussions?",
            "evidence": "Practitioner session, 3 March.",
            "agency": police.pk,
            "due_on": f"{due.day}/{due.month}/{due.year}",
        },
    )
    challenge = Challenge.objects.get()
    assert response["Location"] == reverse("challenges:challenge", args=[challenge.pk])
    assert (challenge.agency, challenge.due_on, challenge.source_type) == (
        police,
        due,
        "challenges.manual",
    )
    assert challenge.raised_by.username == "bob"


def test_raising_a_challenge_with_problems_lists_them_all_and_saves_nothing(bob_client):
    response = bob_client.post(reverse("challenges:add"), {"question": "", "due_on": "31/2/2030"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_question">Enter the question' in html
    assert "The due date must be a real date" in html
    assert Challenge.objects.count() == 0


def test_the_raise_form_suggests_a_due_date_twenty_working_days_on(alice_client):
    response = alice_client.get(reverse("challenges:add"))
    assert response.context["form"].initial["due_on"] > timezone.localdate() + dt.timedelta(days=25)


def test_the_addressed_agencys_lead_responds(charlie_client, police_challenge):
    url = reverse("challenges:respond", args=[police_challenge.pk])
    assert charlie_client.get(url).status_code == 200
    response = charlie_client.post(url, {"response": "We have audited 20 cases.", "seen": ""})
    assert response.status_code == 302
    police_challenge.refresh_from_db()
    assert police_challenge.status == ChallengeStatus.RESPONDED
    assert police_challenge.response == "We have audited 20 cases."


def test_another_agencys_lead_cannot_respond(dana_client, police_challenge):
    url = reverse("challenges:respond", args=[police_challenge.pk])
    assert dana_client.get(url).status_code == 403
    assert dana_client.post(url, {"response": "Not ours."}).status_code == 403
    police_challenge.refresh_from_db()
    assert police_challenge.response == ""


def test_a_response_recorded_meanwhile_is_shown_not_overwritten(
    charlie_client, alice, police_challenge
):
    url = reverse("challenges:respond", args=[police_challenge.pk])
    seen = charlie_client.get(url).context["form"].initial["seen"]
    challenge_respond(challenge=police_challenge, response="Said at the Executive.", user=alice)
    response = charlie_client.post(url, {"response": "Our written answer.", "seen": seen})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Someone else recorded a response while you were writing yours" in html
    assert "Said at the Executive." in html
    assert "Our written answer." in html  # kept in the box
    police_challenge.refresh_from_db()
    assert police_challenge.response == "Said at the Executive."
    # Sent again, knowingly, it is saved.
    again = charlie_client.post(
        url, {"response": "Our written answer.", "seen": response.context["form"]["seen"].value()}
    )
    assert again.status_code == 302
    police_challenge.refresh_from_db()
    assert police_challenge.response == "Our written answer."


def test_the_scrutineer_closes_a_challenge_with_a_post(alice_client, police_challenge):
    url = reverse("challenges:close", args=[police_challenge.pk])
    assert alice_client.get(url).status_code == 405
    assert alice_client.post(url).status_code == 302
    police_challenge.refresh_from_db()
    assert police_challenge.status == ChallengeStatus.CLOSED


def test_an_agency_lead_cannot_close_and_cannot_respond_once_closed(
    charlie_client, alice_client, police_challenge
):
    assert (
        charlie_client.post(reverse("challenges:close", args=[police_challenge.pk])).status_code
        == 403
    )
    alice_client.post(reverse("challenges:close", args=[police_challenge.pk]))
    response = charlie_client.post(
        reverse("challenges:respond", args=[police_challenge.pk]), {"response": "Late.", "seen": ""}
    )
    assert response.status_code == 302
    police_challenge.refresh_from_db()
    assert police_challenge.response == ""


@pytest.mark.parametrize("role", [Role.AGENCY_LEAD, Role.EXECUTIVE, Role.VIEWER, Role.AUDITOR])
def test_only_the_scrutineer_and_the_business_unit_raise_challenges(role, police, partnership):
    client = sign_in(Client(), make_user("someone", role, police))
    assert client.get(reverse("challenges:add")).status_code == 403
    assert (
        client.post(reverse("challenges:add"), {"question": "Q", "due_on": "1/1/2099"}).status_code
        == 403
    )
    assert Challenge.objects.count() == 0


def test_a_challenge_from_a_suggestion_links_to_it_only_for_those_who_weigh_suggestions(
    alice_client, charlie_client, police
):
    challenge = make_challenge(
        police, source_type="trends.suggestion", source_id=5, source_label="Signal in Re-referrals"
    )
    link = reverse("trends:suggestion", args=[5])
    assert (
        link
        in alice_client.get(reverse("challenges:challenge", args=[challenge.pk])).content.decode()
    )
    lead_page = charlie_client.get(
        reverse("challenges:challenge", args=[challenge.pk])
    ).content.decode()
    assert "Signal in Re-referrals" in lead_page
    assert link not in lead_page
