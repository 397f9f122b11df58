from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from scrutineer.challenges.models import Challenge
from scrutineer.challenges.services import challenge_raise
from scrutineer.partnership.models import Role, User
from tests.factories import make_user, sign_in


def make_challenge(agency: Any = None, *, days: int = 20, **overrides: Any) -> Challenge:
    values: dict[str, Any] = {
        "question": "What is driving the rise in re-referrals?",
        "due_on": timezone.localdate() + dt.timedelta(days=days),
        "raised_by": None,
        "agency": agency,
        "evidence": "Above the upper process limit for 3 months.",
    }
    values.update(overrides)
    return challenge_raise(**values)


@pytest.fixture
def dana(council) -> User:
    """Dana leads for the council's children's services."""
    return make_user("dana", Role.AGENCY_LEAD, council)


@pytest.fixture
def charlie_client(charlie, partnership) -> Client:
    return sign_in(Client(), charlie)


@pytest.fixture
def dana_client(dana, partnership) -> Client:
    return sign_in(Client(), dana)


@pytest.fixture
def police_challenge(police) -> Challenge:
    return make_challenge(police)
