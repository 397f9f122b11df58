"""Raising and answering challenges: the workflows other apps call."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from scrutineer.partnership.models import Agency

from .models import Challenge, ChallengeStatus


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


@transaction.atomic
def challenge_respond(*, challenge: Challenge, response: str, user: Any) -> Challenge:
    challenge.response = response
    challenge.responded_by = user
    challenge.responded_at = timezone.now()
    challenge.status = ChallengeStatus.RESPONDED
    challenge.save(update_fields=["response", "responded_by", "responded_at", "status"])
    return challenge


@transaction.atomic
def challenge_close(*, challenge: Challenge) -> Challenge:
    challenge.status = ChallengeStatus.CLOSED
    challenge.save(update_fields=["status"])
    return challenge
