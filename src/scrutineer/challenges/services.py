"""Raising and answering challenges: the workflows other apps call.

Answering and closing lock the challenge's row and check its state inside the transaction, so
two people working on one challenge at once cannot overwrite each other without knowing: a
response records what it was written against (``expected_responded_at``), and a response that
arrives after someone else's, or after the challenge was closed, is refused with the reason.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from scrutineer.core.calendar import partnership_calendar
from scrutineer.partnership.models import Agency

from .models import Challenge, ChallengeStatus

#: Working days an agency has to answer a challenge, unless whoever raises it says otherwise.
RESPONSE_WORKING_DAYS = 20

_UNCHECKED: Any = object()


class ChallengeConflict(Exception):
    """The challenge changed since the person opened it; nothing was saved. The message says
    what changed, in plain words."""


def default_due_on(today: dt.date) -> dt.date:
    """When an answer is due unless whoever raises the challenge says otherwise: 20 working
    days from today, by the partnership's calendar (its closure days count as not working)."""
    return partnership_calendar().add(today, RESPONSE_WORKING_DAYS)


def can_manage(user: Any) -> bool:
    """The scrutineer raises and closes challenges; the business unit does it for them."""
    if not (user.is_authenticated and user.is_active):
        return False
    return bool(getattr(user, "can_administer", False) or getattr(user, "role", "") == "scrutineer")


def can_respond(user: Any, challenge: Challenge) -> bool:
    """The agency a challenge is addressed to answers it; the scrutineer and the business unit
    may record an answer given at a meeting."""
    if not (user.is_authenticated and user.is_active):
        return False
    if getattr(user, "can_administer", False) or getattr(user, "role", "") == "scrutineer":
        return True
    return (
        getattr(user, "role", "") == "agency_lead"
        and challenge.agency_id is not None
        and challenge.agency_id == user.agency_id
    )


@transaction.atomic
def challenge_raise(
    *,
    question: str,
    due_on: dt.date,
    raised_by: Any,
    agency: Agency | None = None,
    evidence: str = "",
    source_type: str = "",
    source_id: str | int = "",
    source_label: str = "",
) -> Challenge:
    return Challenge.objects.create(
        question=question,
        due_on=due_on,
        raised_by=raised_by,
        agency=agency,
        evidence=evidence,
        source_type=source_type,
        source_id=str(source_id),
        source_label=source_label,
    )


def _locked(challenge: Challenge) -> Challenge:
    return Challenge.objects.select_for_update().get(pk=challenge.pk)


@transaction.atomic
def challenge_respond(
    *,
    challenge: Challenge,
    response: str,
    user: Any,
    expected_responded_at: dt.datetime | None = _UNCHECKED,
) -> Challenge:
    """Record the answer. With ``expected_responded_at`` (when the answer on the page the
    person wrote against was recorded, None for no answer yet) a response recorded by someone
    else meanwhile is not overwritten: ``ChallengeConflict`` says so."""
    locked = _locked(challenge)
    if locked.status == ChallengeStatus.CLOSED:
        raise ChallengeConflict("This challenge has been closed, so its response cannot change.")
    if expected_responded_at is not _UNCHECKED and locked.responded_at != expected_responded_at:
        raise ChallengeConflict(
            "Someone else recorded a response while you were writing yours, so yours was not "
            "saved. Read theirs below, then add to it if you need to."
        )
    locked.response = response
    locked.responded_by = user
    locked.responded_at = timezone.now()
    locked.status = ChallengeStatus.RESPONDED
    locked.save(update_fields=["response", "responded_by", "responded_at", "status"])
    return locked


@transaction.atomic
def challenge_close(*, challenge: Challenge) -> Challenge:
    """Close the challenge (the scrutineer is satisfied, or it has been overtaken). Closing a
    closed challenge changes nothing."""
    locked = _locked(challenge)
    if locked.status != ChallengeStatus.CLOSED:
        locked.status = ChallengeStatus.CLOSED
        locked.save(update_fields=["status"])
    return locked
