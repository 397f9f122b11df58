"""Suggested lines of enquiry through HTTP: the list, accepting into the challenge log,
setting aside with a reason, the button that looks for new ones, and who may do it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutineer.challenges.models import Challenge
from scrutineer.core.calendar import partnership_calendar
from scrutineer.partnership.models import Role
from scrutineer.trends.enquiries import suggestions_make
from scrutineer.trends.models import Suggestion, SuggestionStatus
from scrutineer.trends.services import return_for
from tests.factories import make_user, sign_in

from .factories import make_indicator, make_series

BASELINE = [18.5, 19.0, 19.5, 19.0, 18.5, 19.0, 19.5, 19.0, 18.5, 19.0, 19.5, 19.0]


@pytest.fixture(autouse=True)
def no_benchmarks(monkeypatch):
    """No published figures: these tests are about signals and returns."""
    monkeypatch.setattr("scrutineer.trends.benchmarks.benchmark_summary", lambda **kwargs: {})


@pytest.fixture
def rereferrals(council):
    indicator = make_indicator(
        "rereferral_pct",
        council,
        name="Re-referrals within 12 months",
        unit="percentage",
        polarity="down",
        fix_limits_after=12,
    )
    make_series(indicator, [*BASELINE, 23.8, 24.0, 24.1])
    return indicator


@pytest.fixture
def suggestion(rereferrals) -> Suggestion:
    return suggestions_make(today=timezone.localdate())[0]


@pytest.fixture
def charlie_client(charlie, partnership) -> Client:
    return sign_in(Client(), charlie)


def test_the_list_shows_open_suggestions_by_kind_with_their_evidence(
    alice_client, suggestion, police
):
    return_for(agency=police, quarter_start=dt.date(2024, 4, 1))  # long overdue
    suggestions_make(today=timezone.localdate())
    response = alice_client.get(reverse("trends:suggestions"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open suggestions (2)" in html
    assert html.index("Signals in the data (1)") < html.index("Missing returns (1)")
    assert "Re-referrals within 12 months have been above the upper process limit" in html
    assert "Testshire Police&#x27;s return for April to June 2024" in html
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">24.1%</td>' in html
    assert reverse("trends:suggestion_accept", args=[suggestion.pk]) in html
    assert reverse("trends:indicator", kwargs={"code": "rereferral_pct"}) in html


def test_the_accept_form_is_filled_in_with_the_question_the_agency_and_a_due_date(
    alice_client, suggestion, council
):
    response = alice_client.get(reverse("trends:suggestion_accept", args=[suggestion.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    due = partnership_calendar().add(timezone.localdate(), 20)
    assert form.initial == {"question": suggestion.text, "agency": council.pk, "due_on": due}
    assert f'value="{due:%d/%m/%Y}"' in response.content.decode()


def test_accepting_puts_the_edited_question_in_the_challenge_log(alice_client, suggestion, police):
    due = timezone.localdate() + dt.timedelta(days=30)
    response = alice_client.post(
        reverse("trends:suggestion_accept", args=[suggestion.pk]),
        {
            "question": "What is driving re-referrals?",
            "agency": police.pk,
            "due_on": f"{due:%d/%m/%Y}",
        },
    )
    challenge = Challenge.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("challenges:challenge", args=[challenge.pk])
    assert (challenge.question, challenge.agency, challenge.due_on) == (
        "What is driving re-referrals?",
        police,
        due,
    )
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.ACCEPTED
    page = alice_client.get(response["Location"]).content.decode()
    assert f"Put to partners as challenge {challenge.reference}" in page
    # The scrutineer can follow the challenge back to its suggestion.
    assert reverse("trends:suggestion", args=[suggestion.pk]) in page


def test_accepting_twice_makes_one_challenge(alice_client, suggestion):
    due = timezone.localdate() + dt.timedelta(days=30)
    data = {"question": "Why?", "agency": "", "due_on": f"{due:%d/%m/%Y}"}
    url = reverse("trends:suggestion_accept", args=[suggestion.pk])
    first = alice_client.post(url, data)
    second = alice_client.post(url, data)
    assert first.status_code == 302
    assert second.status_code == 302
    assert second["Location"] == reverse("trends:suggestion", args=[suggestion.pk])
    challenge = Challenge.objects.get()
    page = alice_client.get(second["Location"]).content.decode()
    assert f"This suggestion was put to partners as challenge {challenge.reference}" in page
    assert "Nothing more was done." in page


def test_a_due_date_in_the_past_or_a_blank_question_is_refused_and_nothing_is_saved(
    alice_client, suggestion
):
    response = alice_client.post(
        reverse("trends:suggestion_accept", args=[suggestion.pk]),
        {"question": "  ", "agency": "", "due_on": "1/1/2020"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Enter the question to put to partners" in html
    assert "The due date must be after today" in html
    assert Challenge.objects.count() == 0
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN


def test_setting_aside_without_a_reason_says_so(bob_client, suggestion):
    response = bob_client.post(
        reverse("trends:suggestion_dismiss", args=[suggestion.pk]), {"reason": ""}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_reason">Enter the reason for setting this suggestion aside' in html
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.OPEN


def test_a_suggestion_set_aside_stays_listed_with_its_reason_and_is_not_suggested_again(
    bob_client, suggestion
):
    response = bob_client.post(
        reverse("trends:suggestion_dismiss", args=[suggestion.pk]),
        {"reason": "Explained by a recording change in January."},
    )
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == SuggestionStatus.DISMISSED
    assert suggestion.dismissed_reason == "Explained by a recording change in January."
    listed = bob_client.get(reverse("trends:suggestions") + "?status=dismissed").content.decode()
    assert "Explained by a recording change in January." in listed
    open_only = bob_client.get(reverse("trends:suggestions") + "?status=open").content.decode()
    assert "Explained by a recording change" not in open_only
    made = bob_client.post(reverse("trends:suggestions_make"), follow=True)
    assert "No new suggestions" in made.content.decode()
    assert Suggestion.objects.count() == 1


def test_the_button_looks_for_new_suggestions(alice_client, rereferrals):
    response = alice_client.post(reverse("trends:suggestions_make"), follow=True)
    assert "1 new suggestion" in response.content.decode()
    assert Suggestion.objects.count() == 1
    assert alice_client.get(reverse("trends:suggestions_make")).status_code == 405


@pytest.mark.parametrize("role", [Role.AGENCY_LEAD, Role.EXECUTIVE, Role.VIEWER])
def test_only_the_scrutineer_and_the_business_unit_see_suggestions(
    role, suggestion, police, partnership
):
    client = sign_in(Client(), make_user("someone", role, police))
    assert client.get(reverse("trends:suggestions")).status_code == 403
    assert client.get(reverse("trends:suggestion", args=[suggestion.pk])).status_code == 403
    due = timezone.localdate() + dt.timedelta(days=30)
    accept = client.post(
        reverse("trends:suggestion_accept", args=[suggestion.pk]),
        {"question": "Why?", "due_on": f"{due:%d/%m/%Y}"},
    )
    assert accept.status_code == 403
    assert Challenge.objects.count() == 0


def test_the_list_costs_the_same_queries_for_many_suggestions(
    alice_client, council, django_assert_max_num_queries
):
    for n in range(12):
        Suggestion.objects.create(key=f"k{n}", kind="missing_return", agency=council, text=f"Q{n}")
    with django_assert_max_num_queries(12):
        assert alice_client.get(reverse("trends:suggestions")).status_code == 200
