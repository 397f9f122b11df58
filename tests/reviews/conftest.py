from __future__ import annotations

import pytest
from django.test import Client

from scrutineer.partnership.models import Role, User
from tests.factories import make_user, sign_in

from .factories import make_review


@pytest.fixture
def dana(council) -> User:
    """Dana leads for the council's children's services and is on Child Q's review team."""
    return make_user("dana", Role.AGENCY_LEAD, council)


@pytest.fixture
def charlie_client(charlie, partnership) -> Client:
    return sign_in(Client(), charlie)


@pytest.fixture
def dana_client(dana, partnership) -> Client:
    return sign_in(Client(), dana)


@pytest.fixture
def child_q(dana):
    return make_review("Child Q", team=(dana,))
