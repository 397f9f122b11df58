"""The permission rule, in full: who sees a shared document, and who sees an agency's draft.

Every list, page, download and count in the library goes through ``visible_to``; these tests
pin the rule for each role against a document of the police, shared and not.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from scrutineer.library.models import Document
from scrutineer.partnership.models import Role
from tests.factories import make_user

from .conftest import make_document

SHARED, DRAFT = True, False

# who, whether they see a shared police document, whether they see a police draft
MATRIX = [
    ("scrutineer", True, False),
    ("business unit", True, False),
    ("police lead", True, True),
    ("council lead", True, False),
    ("police executive", True, False),
    ("police auditor", True, False),
    ("police viewer", True, False),
    ("inactive police lead", False, False),
    ("anonymous", False, False),
]


@pytest.fixture
def people(police, council):
    return {
        "scrutineer": make_user("alice", Role.SCRUTINEER),
        "business unit": make_user("bob", Role.BUSINESS_UNIT),
        "police lead": make_user("charlie", Role.AGENCY_LEAD, police),
        "council lead": make_user("dana", Role.AGENCY_LEAD, council),
        "police executive": make_user("erin", Role.EXECUTIVE, police),
        "police auditor": make_user("femi", Role.AUDITOR, police),
        "police viewer": make_user("vic", Role.VIEWER, police),
        "inactive police lead": make_user("ivy", Role.AGENCY_LEAD, police, is_active=False),
        "anonymous": AnonymousUser(),
    }


@pytest.mark.parametrize(("who", "sees_shared", "sees_draft"), MATRIX)
def test_it_shows_a_shared_document_to_every_active_person(
    people, police, who, sees_shared, sees_draft
):
    document = make_document(police, shared=SHARED)
    visible = Document.objects.visible_to(people[who])
    assert (document in visible) is sees_shared


@pytest.mark.parametrize(("who", "sees_shared", "sees_draft"), MATRIX)
def test_it_shows_a_draft_only_to_the_owning_agencys_leads(
    people, police, who, sees_shared, sees_draft
):
    document = make_document(police, shared=DRAFT)
    visible = Document.objects.visible_to(people[who])
    assert (document in visible) is sees_draft
    assert visible.filter(pk=document.pk).count() == int(sees_draft)


def test_it_shows_the_partnerships_own_draft_to_its_business_unit_but_not_the_scrutineer(
    people, partnership_agency
):
    document = make_document(partnership_agency, shared=DRAFT)
    assert document in Document.objects.visible_to(people["business unit"])
    assert document not in Document.objects.visible_to(people["scrutineer"])
    assert document not in Document.objects.visible_to(people["police lead"])


def test_it_does_not_show_an_agency_lead_without_an_agency_anyones_drafts(police):
    lead = make_user("nobody", Role.AGENCY_LEAD)
    lead.agency = None
    lead.save()
    make_document(police, shared=DRAFT)
    shared = make_document(police, shared=SHARED, title="Shared")
    assert list(Document.objects.visible_to(lead)) == [shared]


def test_it_keeps_the_rule_when_filters_are_added(people, police, council):
    make_document(police, shared=DRAFT, title="Police draft")
    make_document(council, shared=SHARED, title="Council report")
    found = Document.objects.visible_to(people["council lead"]).matching(title="draft")
    assert list(found) == []
