"""The action tracker through HTTP: adding and updating actions, evidence, filters, export."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scrutineer.actions.models import Action, Recommendation, Status
from scrutineer.actions.services import recommendation_create
from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Role
from tests.factories import make_agency, make_user, sign_in

from .conftest import make_action

D = dt.date


def test_the_business_unit_adds_an_action_to_a_recommendation(
    bob_client, recommendation, police, charlie
):
    response = bob_client.post(
        reverse("actions:action_add", args=[recommendation.pk]),
        {
            "description": "Brief every response officer on the bruising protocol.",
            "owner_agency": police.pk,
            "lead": charlie.pk,
            "due_on": "31/3/2026",
            "status": "not_started",
        },
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("actions:action", args=[action.pk])
    assert (action.owner_agency, action.lead, action.due_on) == (police, charlie, D(2026, 3, 31))
    assert action.recommendation == recommendation


def test_an_agency_lead_cannot_add_an_action(charlie_client, recommendation):
    response = charlie_client.get(reverse("actions:action_add", args=[recommendation.pk]))
    assert response.status_code == 403


def test_the_owning_agencys_lead_records_completion_and_impact(
    charlie_client, recommendation, police
):
    action = make_action(recommendation, police)
    due = action.due_on
    url = reverse("actions:action_edit", args=[action.pk])
    response = charlie_client.post(
        url,
        {
            "status": "completed",
            "completion_evidence": "All 212 response officers briefed; register attached.",
            "impact_evidence": "Referrals for bruised babies rose from 2 to 9 a quarter.",
            "due_on": "1/1/2030",  # not on the lead's form: ignored
        },
    )
    assert response.status_code == 302
    action.refresh_from_db()
    today = timezone.localdate()
    assert action.status == Status.COMPLETED
    assert action.completed_on == today
    assert action.impact_recorded_on == today
    assert action.has_impact_evidence
    assert action.due_on == due


def test_it_asks_for_evidence_before_an_action_is_completed(charlie_client, recommendation, police):
    action = make_action(recommendation, police)
    response = charlie_client.post(
        reverse("actions:action_edit", args=[action.pk]), {"status": "completed"}
    )
    assert response.status_code == 200
    assert "Enter the evidence that the action is completed" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Status.NOT_STARTED


def test_it_asks_why_an_action_cannot_be_completed(charlie_client, recommendation, police):
    action = make_action(recommendation, police)
    response = charlie_client.post(
        reverse("actions:action_edit", args=[action.pk]), {"status": "cannot_complete"}
    )
    assert "Say why the action cannot be completed" in response.content.decode()


def test_it_refuses_impact_recorded_in_the_future(charlie_client, recommendation, police):
    action = make_action(recommendation, police)
    future = timezone.localdate() + dt.timedelta(days=3)
    response = charlie_client.post(
        reverse("actions:action_edit", args=[action.pk]),
        {
            "status": "in_progress",
            "impact_evidence": "Fewer repeat referrals.",
            "impact_recorded_on": f"{future:%d/%m/%Y}",
        },
    )
    assert "must be today or in the past" in response.content.decode()


def test_the_named_lead_person_may_update_an_action_of_another_agency(
    recommendation, council, partnership
):
    lead = make_user("erin", Role.VIEWER, make_agency("Testshire Health"))
    action = make_action(recommendation, council, lead=lead)
    client = sign_in(Client(), lead)
    assert client.get(reverse("actions:action_edit", args=[action.pk])).status_code == 200


def test_another_agencys_lead_reads_but_cannot_update(dana_client, recommendation, police):
    action = make_action(recommendation, police)
    page = dana_client.get(reverse("actions:action", args=[action.pk]))
    assert page.status_code == 200
    assert "Update the action" not in page.content.decode()
    response = dana_client.post(
        reverse("actions:action_edit", args=[action.pk]), {"status": "completed"}
    )
    assert response.status_code == 403


def test_it_highlights_an_overdue_action(bob_client, recommendation, police):
    action = make_action(recommendation, police, due_on=D(2025, 1, 31))
    page = bob_client.get(reverse("actions:action", args=[action.pk])).content.decode()
    assert "This action is overdue: it was due on 31 January 2025." in page
    listing = bob_client.get(reverse("actions:index")).content.decode()
    assert 'govuk-tag--red">Overdue' in listing
    assert "1 action, 1 overdue" in listing


# ---- filters -------------------------------------------------------------------------------


@pytest.fixture
def several(recommendation, council, police, priority):
    other = recommendation_create(
        source_type="actions.manual", source_id="", source_label="JTAI letter", text="Improve..."
    )
    return {
        "police overdue": make_action(
            recommendation, police, description="A", due_on=D(2025, 1, 1)
        ),
        "council done": make_action(
            recommendation, council, description="B", status=Status.COMPLETED
        ),
        "council jtai": make_action(other, council, description="C", status=Status.IN_PROGRESS),
    }


def listed(client: Client, **params: str) -> list[str]:
    response = client.get(reverse("actions:index"), params)
    return sorted(action.description for action, _ in response.context["actions"])


def test_it_filters_by_source_agency_priority_and_status(bob_client, several, police, priority):
    q = several["police overdue"].recommendation
    assert listed(bob_client) == ["A", "B", "C"]
    assert listed(bob_client, source=f"reviews.review:{q.source_id}") == ["A", "B"]
    assert listed(bob_client, source="actions.manual:") == ["C"]
    assert listed(bob_client, agency=str(police.pk)) == ["A"]
    assert listed(bob_client, priority=str(priority.pk)) == ["A", "B"]
    assert listed(bob_client, status="completed") == ["B"]
    assert listed(bob_client, status="overdue") == ["A"]
    assert listed(bob_client, status="nonsense") == ["A", "B", "C"]


def test_the_list_takes_the_same_number_of_queries_however_many_actions(
    bob_client, recommendation, police, council, django_assert_max_num_queries
):
    for n in range(30):
        rec = recommendation_create(
            source_type="reviews.review", source_id=n, source_label=f"Child {n}", text="Do better."
        )
        make_action(
            rec, police if n % 2 else council, lead=make_user(f"lead{n}", Role.AGENCY_LEAD, police)
        )
    with django_assert_max_num_queries(14):
        response = bob_client.get(reverse("actions:index"), {"status": "not_started"})
    assert len(response.context["actions"]) == 30


# ---- export --------------------------------------------------------------------------------


def test_it_exports_the_filtered_list_as_csv_and_logs_the_export(bob_client, several, police):
    several["police overdue"].completion_evidence = '=HYPERLINK("http://evil")'
    several["police overdue"].save()
    response = bob_client.get(reverse("actions:export"), {"agency": police.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["Source", "Recommendation reference", "Recommendation"]
    assert len(rows) == 2
    assert rows[1][4] == "A"
    assert rows[1][9] == "Yes"  # overdue
    assert rows[1][11].startswith("'=")  # a formula is defused
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.object_type, entry.username) == ("export", "actions.action", "bob")
    assert "1 actions" in entry.description


def test_a_visitor_who_is_not_signed_in_is_sent_to_sign_in(db, recommendation):
    response = Client().get(reverse("actions:index"))
    assert response.status_code == 302
    assert not Recommendation.objects.visible_to(response.wsgi_request.user).exists()


def test_a_manual_recommendation_can_be_added_by_the_scrutineer(alice_client, priority):
    response = alice_client.post(
        reverse("actions:recommendation_add"),
        {
            "source_label": "JTAI letter, March 2025",
            "text": "Strengthen the front door.",
            "priorities": [priority.pk],
        },
    )
    recommendation = Recommendation.objects.get()
    assert response["Location"] == reverse("actions:recommendation", args=[recommendation.pk])
    assert recommendation.source_type == "actions.manual"
    assert list(recommendation.priorities.all()) == [priority]
