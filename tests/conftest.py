from __future__ import annotations

import pytest
from django.test import Client

from scrutineer.partnership.models import Role, Sector

from .factories import make_agency, make_partnership, make_user, sign_in


@pytest.fixture
def partnership(db):
    return make_partnership()


@pytest.fixture
def council(db):
    return make_agency(
        "Testshire Children's Services",
        sector=Sector.LOCAL_AUTHORITY,
        statutory_partner=True,
        holds_case_data=True,
    )


@pytest.fixture
def police(db):
    return make_agency("Testshire Police", sector=Sector.POLICE, statutory_partner=True)


@pytest.fixture
def alice(db):
    """Alice is the Independent Scrutineer."""
    return make_user("alice", Role.SCRUTINEER)


@pytest.fixture
def bob(db):
    """Bob runs the partnership business unit."""
    return make_user("bob", Role.BUSINESS_UNIT)


@pytest.fixture
def charlie(police):
    """Charlie is the police agency lead."""
    return make_user("charlie", Role.AGENCY_LEAD, police)


@pytest.fixture
def alice_client(alice, partnership) -> Client:
    return sign_in(Client(), alice)


@pytest.fixture
def bob_client(bob, partnership) -> Client:
    return sign_in(Client(), bob)
