from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from scrutineer.actions.models import Action, Recommendation
from scrutineer.actions.services import recommendation_create
from scrutineer.partnership.models import Priority, Role, User
from tests.factories import make_user, sign_in

D = dt.date


def make_action(recommendation: Recommendation, agency: Any, **overrides: Any) -> Action:
    values: dict[str, Any] = {
        "description": "Train call handlers to recognise bruising in non-mobile babies.",
        "due_on": timezone.localdate() + dt.timedelta(days=60),
    }
    values.update(overrides)
    return Action.objects.create(recommendation=recommendation, owner_agency=agency, **values)


@pytest.fixture
def priority(db) -> Priority:
    return Priority.objects.create(title="Children affected by domestic abuse", order=1)


@pytest.fixture
def recommendation(priority) -> Recommendation:
    return recommendation_create(
        source_type="reviews.review",
        source_id=7,
        source_label="Child Q",
        reference="R1",
        text="Agencies should follow the bruising protocol for non-mobile babies.",
        priorities=[priority],
    )


@pytest.fixture
def dana(council) -> User:
    """Dana leads for the council's children's services."""
    return make_user("dana", Role.AGENCY_LEAD, council, email="dana@council.example")


@pytest.fixture
def charlie_client(charlie, partnership) -> Client:
    return sign_in(Client(), charlie)


@pytest.fixture
def dana_client(dana, partnership) -> Client:
    return sign_in(Client(), dana)
