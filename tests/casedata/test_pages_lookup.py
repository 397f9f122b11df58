"""The pseudonym look-up page: for the local authority's own people only, every look-up logged."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.core.models import AccessLogEntry
from scrutineer.core.pseudonyms import pseudonym
from scrutineer.partnership.models import Role

from ..factories import make_user, sign_in

LOOKUP = reverse("casedata:lookup")


@pytest.fixture
def carol_client(council, partnership) -> Client:
    """Carol is a viewer in the council's children's services: her agency holds the IDs."""
    return sign_in(Client(), make_user("carol", Role.VIEWER, council))


def expected(identifier: str, settings) -> str:
    return pseudonym(identifier, key=settings.PSEUDONYM_KEY, la="383")


def test_carol_finds_a_childs_pseudonym_and_the_look_up_is_logged(carol_client, settings):
    response = carol_client.post(LOOKUP, {"identifier": " ab123 "})
    page = response.content.decode()
    assert expected("AB123", settings) in page
    assert "is the pseudonym of this child" in page
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.object_type, entry.username) == (
        "lookup",
        "casedata.pseudonym",
        "carol",
    )
    assert entry.object_id == expected("AB123", settings)
    assert "AB123" not in entry.description
    assert "ab123" not in entry.description


def test_carol_checks_a_pseudonym_against_an_id(carol_client, settings):
    right = expected("AB123", settings)
    page = carol_client.post(
        LOOKUP, {"identifier": "AB123", "check": right.lower()}
    ).content.decode()
    assert "It matches" in page
    page = carol_client.post(LOOKUP, {"identifier": "AB999", "check": right}).content.decode()
    assert "It does not match" in page
    descriptions = list(AccessLogEntry.objects.order_by("id").values_list("description", flat=True))
    assert descriptions[0].endswith("it matches")
    assert descriptions[1].endswith("it does not match")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"identifier": "   "}, "Enter the child&#x27;s local authority ID"),
        (
            {"identifier": "AB1", "check": "not-a-pseudonym"},
            "The pseudonym must be P followed by 16",
        ),
    ],
)
def test_it_says_what_is_wrong_and_looks_nothing_up(carol_client, data, message):
    page = carol_client.post(LOOKUP, data).content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not AccessLogEntry.objects.exists()


def test_the_page_is_never_cached(carol_client):
    assert "no-store" in carol_client.get(LOOKUP)["Cache-Control"]


def test_only_the_local_authoritys_own_people_may_look_up(
    alice_client, bob_client, charlie, partnership
):
    """Not the scrutineer (who does not hold the IDs), the business unit or another agency."""
    charlie_client = sign_in(Client(), charlie)
    for client in (alice_client, bob_client, charlie_client):
        assert client.get(LOOKUP).status_code == 403
        assert client.post(LOOKUP, {"identifier": "AB123"}).status_code == 403
    assert not AccessLogEntry.objects.exists()


def test_someone_signed_out_is_sent_to_sign_in(db):
    response = Client().get(LOOKUP)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
