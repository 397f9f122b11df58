"""``scrutineer actions escalate``: one e-mail per overdue action, at most once a day."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command

from scrutineer.actions.models import Status
from scrutineer.partnership.models import Partnership, Role
from tests.factories import make_user

from .conftest import make_action

D = dt.date


def escalate(day: str) -> str:
    out = StringIO()
    call_command(
        "actions", "escalate", "--date", day, "--site-url", "https://s.example", stdout=out
    )
    return out.getvalue()


def test_it_emails_the_owning_agencys_leads_and_the_business_unit(
    partnership, recommendation, police
):
    Partnership.objects.filter(pk=1).update(business_unit_email="bu@partnership.example")
    make_user("charlie", Role.AGENCY_LEAD, police, email="charlie@police.example")
    make_user("paul", Role.VIEWER, police, email="paul@police.example")  # not a lead
    action = make_action(recommendation, police, due_on=D(2026, 3, 31))
    make_action(recommendation, police, due_on=D(2026, 5, 1))  # not due yet
    make_action(recommendation, police, due_on=D(2026, 1, 1), status=Status.COMPLETED)

    output = escalate("2026-04-02")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["bu@partnership.example", "charlie@police.example"]
    assert "Child Q" in message.subject
    assert "due on 31 March 2026 (2 days ago)" in message.body
    assert f"https://s.example/actions/{action.pk}/" in message.body
    action.refresh_from_db()
    assert action.last_escalated_on == D(2026, 4, 2)
    assert "1 e-mail(s) sent" in output


def test_it_sends_nothing_twice_on_the_same_day_and_again_the_next(
    partnership, recommendation, police, bob
):
    bob.email = "bob@partnership.example"
    bob.save()
    make_action(recommendation, police, due_on=D(2026, 3, 31))
    escalate("2026-04-02")
    output = escalate("2026-04-02")
    assert len(mail.outbox) == 1
    assert "0 e-mail(s) sent; 1 overdue action(s) already escalated today" in output
    escalate("2026-04-03")
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == ["bob@partnership.example"]  # no partnership address: the people


def test_it_includes_the_actions_lead_person(partnership, recommendation, police, council):
    erin = make_user("erin", Role.VIEWER, council, email="erin@council.example")
    make_action(recommendation, police, due_on=D(2026, 3, 31), lead=erin)
    escalate("2026-04-02")
    assert mail.outbox[0].to == ["erin@council.example"]


def test_it_says_when_nobody_can_be_told(partnership, recommendation, police):
    action = make_action(recommendation, police, due_on=D(2026, 3, 31))
    err = StringIO()
    call_command("actions", "escalate", "--date", "2026-04-02", stdout=StringIO(), stderr=err)
    assert mail.outbox == []
    assert f"Action {action.pk} is overdue but nobody has an e-mail address" in err.getvalue()
    action.refresh_from_db()
    assert action.last_escalated_on is None
