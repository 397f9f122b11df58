"""Answering and closing challenges: state checked under a row lock, nothing overwritten unseen."""

from __future__ import annotations

import datetime as dt

import pytest

from scrutineer.challenges.models import Challenge, ChallengeStatus
from scrutineer.challenges.services import (
    ChallengeConflict,
    can_manage,
    can_respond,
    challenge_close,
    challenge_respond,
    default_due_on,
)
from scrutineer.partnership.models import Role
from tests.factories import make_user


def test_a_response_is_due_twenty_working_days_on_by_the_partnerships_calendar(db):
    # From Monday 15 December 2025: 7 working days to Wednesday 24 December, then Christmas Day
    # and Boxing Day are skipped, 3 more to Wednesday 31 December, New Year's Day skipped, then
    # Friday 2 January (11) and the next 9 working days: Thursday 15 January 2026 is the 20th.
    assert default_due_on(dt.date(2025, 12, 15)) == dt.date(2026, 1, 15)


def test_it_records_a_response(police_challenge, charlie):
    challenge = challenge_respond(challenge=police_challenge, response="We found...", user=charlie)
    assert challenge.status == ChallengeStatus.RESPONDED
    assert challenge.responded_by == charlie
    assert Challenge.objects.get().response == "We found..."


def test_a_response_written_against_an_older_page_is_refused(police_challenge, charlie, alice):
    challenge_respond(
        challenge=police_challenge, response="First.", user=charlie, expected_responded_at=None
    )
    with pytest.raises(ChallengeConflict, match="Someone else recorded a response"):
        challenge_respond(
            challenge=police_challenge, response="Second.", user=alice, expected_responded_at=None
        )
    assert Challenge.objects.get().response == "First."


def test_a_closed_challenge_takes_no_response(police_challenge, charlie):
    challenge_close(challenge=police_challenge)
    with pytest.raises(ChallengeConflict, match="closed"):
        challenge_respond(challenge=police_challenge, response="Late.", user=charlie)
    assert Challenge.objects.get().response == ""


def test_closing_twice_changes_nothing(police_challenge):
    challenge_close(challenge=police_challenge)
    assert challenge_close(challenge=police_challenge).status == ChallengeStatus.CLOSED


def test_who_may_answer_and_who_may_manage(
    police_challenge, alice, bob, charlie, dana, partnership
):
    viewer = make_user("vic", Role.VIEWER, police_challenge.agency)
    executive = make_user("eve", Role.EXECUTIVE)
    assert [
        can_respond(u, police_challenge) for u in (alice, bob, charlie, dana, viewer, executive)
    ] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert [can_manage(u) for u in (alice, bob, charlie, viewer, executive)] == [
        True,
        True,
        False,
        False,
        False,
    ]
