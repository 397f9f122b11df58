"""Reminder e-mails before a deadline: who gets them, when (in statutory working days, across
Easter), once per clock per day, and the command cron runs."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from scrutineer.partnership.models import Partnership, Role
from scrutineer.reviews import workdays
from scrutineer.reviews.models import ReminderSent, ReviewRules
from scrutineer.reviews.reminders import reviews_remind
from tests.factories import make_user

from .factories import make_review

D = dt.date

# Child Q: the local authority became aware on Thursday 28 March 2024. Good Friday and Easter
# Monday are bank holidays, so the notification is due on Monday 8 April (docs/reviews.md).


@pytest.fixture
def team(partnership, council):
    dana = make_user("dana", Role.AGENCY_LEAD, council, email="dana@council.example")
    make_user("bob.bu", Role.BUSINESS_UNIT, email="bu@partnership.example")
    return dana


@pytest.fixture
def child_q(team):
    return make_review("Child Q", team=(team,))


def remind(today: dt.date):
    return reviews_remind(
        today=today, calendar=workdays.statutory_calendar(), site_url="https://s.example"
    )


def test_it_does_not_remind_three_working_days_before_the_deadline(child_q):
    report = remind(D(2024, 4, 3))  # Wednesday: Thu 4, Fri 5, Mon 8 left
    assert report.sent == []
    assert mail.outbox == []


def test_it_reminds_two_working_days_before_the_deadline_across_easter(child_q):
    report = remind(D(2024, 4, 4))  # Thursday: Fri 5 and Mon 8 left
    assert len(report.sent) == 1
    [message] = mail.outbox
    assert message.to == ["dana@council.example", "bu@partnership.example"]
    assert message.subject == "Child Q: Notification to the National Panel, due 8 April 2024"
    assert "2 working days left" in message.body
    assert f"https://s.example/reviews/{child_q.pk}/" in message.body
    assert "head injury" not in message.body  # the link, never the case


def test_it_reminds_every_day_while_a_clock_is_overdue(child_q):
    remind(D(2024, 4, 9))
    remind(D(2024, 4, 10))
    assert len(mail.outbox) == 2
    assert "overdue" in mail.outbox[0].subject
    assert "2 working days overdue" in mail.outbox[1].body


def test_it_sends_one_reminder_per_clock_per_day_however_often_it_runs(child_q):
    first, second = remind(D(2024, 4, 5)), remind(D(2024, 4, 5))
    assert (len(first.sent), len(second.sent), second.already_today) == (1, 0, 1)
    assert len(mail.outbox) == 1
    sent = ReminderSent.objects.get()
    assert (sent.review, sent.clock, sent.deadline, sent.sent_on) == (
        child_q,
        "notification",
        D(2024, 4, 8),
        D(2024, 4, 5),
    )


def test_it_stops_once_the_step_is_recorded(child_q):
    child_q.notified_on = D(2024, 4, 4)
    child_q.save()
    # The rapid review's 15 working days from 4 April end on 26 April: not due yet on the 5th.
    assert remind(D(2024, 4, 5)).sent == []


def test_it_follows_the_partnerships_reminder_working_days(child_q):
    rules = ReviewRules.load()
    rules.reminder_working_days = 3
    rules.save()
    assert len(remind(D(2024, 4, 3)).sent) == 1


def test_it_uses_the_business_units_mailbox_when_there_is_one(child_q):
    partnership = Partnership.load()
    assert partnership is not None
    partnership.business_unit_email = "Safeguarding@Partnership.example"
    partnership.save()
    remind(D(2024, 4, 4))
    assert mail.outbox[0].to == ["dana@council.example", "safeguarding@partnership.example"]


def test_it_says_when_nobody_can_be_told(partnership):
    review = make_review("Child Z")
    report = remind(D(2024, 4, 4))
    assert report.nobody_to_tell == [(review, report.nobody_to_tell[0][1])]
    assert mail.outbox == []


def test_it_ignores_learning_and_thematic_reviews(team):
    make_review("Young person N", team=(team,), kind="learning")
    assert remind(D(2024, 4, 9)).sent == []


def test_a_failed_send_is_tried_again_on_the_next_run(child_q):
    failing = mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP down"))
    with failing, pytest.raises(OSError, match="SMTP down"):
        remind(D(2024, 4, 4))
    assert not ReminderSent.objects.exists()
    assert len(remind(D(2024, 4, 4)).sent) == 1


def test_the_command_reminds_and_says_what_it_sent(child_q):
    out = StringIO()
    call_command("reviews", "remind", "--date", "2024-04-04", stdout=out)
    call_command("reviews", "remind", "--date", "2024-04-04", stdout=out)
    text = out.getvalue()
    assert "Reminded Child Q: Notification to the National Panel (due 2024-04-08" in text
    assert "1 reminder(s) sent; 0 already sent today." in text
    assert "0 reminder(s) sent; 1 already sent today." in text
    assert len(mail.outbox) == 1
