"""The business unit's pages under /partnership/: the partnership, agencies, people,
priorities and sub-groups. Bob runs the business unit; Alice, the scrutineer, may not manage."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutineer.partnership.models import (
    Agency,
    Partnership,
    Priority,
    Role,
    Sector,
    SubGroup,
    User,
)

from ..factories import make_device, make_user, sign_in

NEW_PASSWORD = "granite-lantern-orchard-42"


class IdsAndErrorLinks(HTMLParser):
    """The ids on a page and the targets of the links in its GOV.UK error summary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.error_links: list[str] = []
        self.error_items = 0
        self._in_summary = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(str(attributes["id"]))
        if "govuk-error-summary__list" in (attributes.get("class") or ""):
            self._in_summary = 1
        elif self._in_summary and tag == "ul":
            self._in_summary += 1
        if self._in_summary and tag == "li":
            self.error_items += 1
        if self._in_summary and tag == "a":
            self.error_links.append(str(attributes.get("href", "")))

    def handle_endtag(self, tag: str) -> None:
        if self._in_summary and tag == "ul":
            self._in_summary -= 1


def assert_error_page(response, *messages: str) -> None:
    """A GOV.UK error page: status 200, 'Error:' in the title, each message in the summary, and
    every summary link pointing at a field on the page."""
    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Error: " in content
    page = IdsAndErrorLinks()
    page.feed(content)
    assert page.error_items >= 1
    assert len(page.error_links) == page.error_items, "every error should link to its field"
    for link in page.error_links:
        assert link.startswith("#"), link
        assert link[1:] in page.ids, link
    for message in messages:
        assert message in content


def person_data(**overrides: object) -> dict[str, object]:
    agency = Agency.objects.get(name="Testshire Police")
    data: dict[str, object] = {
        "username": "hannah.price",
        "first_name": "Hannah",
        "last_name": "Price",
        "email": "hannah.price@testshire.example",
        "job_title": "Head of Safeguarding",
        "role": Role.AGENCY_LEAD,
        "agency": agency.pk,
        "is_active": "on",
        "password": NEW_PASSWORD,
    }
    data.update(overrides)
    return data


def partnership_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Testshire Safeguarding Children Partnership",
        "local_authority": "Testshire County Council",
        "la_code": "383",
        "gss_code": "E08000035",
        "region": "Yorkshire and The Humber",
        "statistical_neighbours": "382, 373",
        "front_door_name": "the Front Door Team",
        "front_door_phone": "0113 496 0999",
        "front_door_hours": "",
        "front_door_out_of_hours": "",
        "business_unit_email": "",
    }
    data.update(overrides)
    return data


# ---- who may manage ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/partnership/",
        "/partnership/details/",
        "/partnership/agencies/",
        "/partnership/agencies/add/",
        "/partnership/people/",
        "/partnership/people/add/",
        "/partnership/priorities/add/",
        "/partnership/sub-groups/add/",
    ],
)
def test_it_shows_the_manage_pages_to_the_business_unit_only(bob_client, alice_client, url):
    assert bob_client.get(url).status_code == 200
    assert alice_client.get(url).status_code == 403


def test_it_refuses_an_agency_lead_a_change_to_people(charlie, alice, partnership):
    client = sign_in(Client(), charlie)
    response = client.post(reverse("partnership:person", args=[alice.pk]), {"role": Role.VIEWER})
    assert response.status_code == 403
    alice.refresh_from_db()
    assert alice.role == Role.SCRUTINEER


# ---- agencies ----------------------------------------------------------------------------


def test_it_adds_an_agency(bob_client):
    response = bob_client.post(
        reverse("partnership:agency_add"),
        {"name": "Testshire Youth Justice Service", "short_name": "YJS", "sector": "youth_justice"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("partnership:agencies")
    agency = Agency.objects.get(name="Testshire Youth Justice Service")
    assert agency.sector == Sector.YOUTH_JUSTICE
    assert agency.holds_case_data is False  # an unticked box is a no
    listing = bob_client.get(reverse("partnership:agencies")).content.decode()
    assert "Testshire Youth Justice Service saved" in listing


def test_it_changes_an_agency(bob_client, police):
    response = bob_client.post(
        reverse("partnership:agency", args=[police.pk]),
        {
            "name": "Testshire Constabulary",
            "short_name": "Police",
            "sector": "police",
            "statutory_partner": "on",
            "holds_case_data": "on",
            "active": "on",
        },
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.name == "Testshire Constabulary"
    assert police.holds_case_data is True


def test_it_refuses_an_agency_without_a_name_or_sector_and_saves_nothing(bob_client):
    before = Agency.objects.count()
    response = bob_client.post(reverse("partnership:agency_add"), {"name": "", "sector": ""})
    assert_error_page(response, "This field is required")
    assert Agency.objects.count() == before


def test_it_refuses_a_second_agency_with_the_same_name(bob_client, police):
    response = bob_client.post(
        reverse("partnership:agency_add"), {"name": police.name, "sector": "police"}
    )
    assert_error_page(response, "already exists")
    assert Agency.objects.filter(name=police.name).count() == 1


# ---- people ------------------------------------------------------------------------------


def test_it_adds_a_person_with_a_hashed_temporary_password(bob_client, police):
    response = bob_client.post(reverse("partnership:person_add"), person_data())
    assert response.status_code == 302
    assert response["Location"] == reverse("partnership:people")
    person = User.objects.get(username="hannah.price")
    assert person.role == Role.AGENCY_LEAD
    assert person.agency == police
    assert person.password != NEW_PASSWORD
    assert NEW_PASSWORD not in person.password
    identify_hasher(person.password)  # a real hash, in a format a hasher knows
    assert person.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short-1", "This password is too short. It must contain at least 12 characters."),
        ("temppassword", "This password is too common."),
        ("hannah.price1", "The password is too similar to the username."),
        ("", "This field is required."),
    ],
)
def test_it_refuses_a_weak_temporary_password(bob_client, police, password, message):
    response = bob_client.post(reverse("partnership:person_add"), person_data(password=password))
    assert_error_page(response, message)
    assert 'href="#id_password"' in response.content.decode()
    assert not User.objects.filter(username="hannah.price").exists()


def test_it_never_shows_the_password_back_after_an_error(bob_client, police):
    response = bob_client.post(
        reverse("partnership:person_add"), person_data(password=NEW_PASSWORD, email="not-email")
    )
    assert_error_page(response, "Enter a valid email address")
    assert NEW_PASSWORD not in response.content.decode()


def test_it_needs_the_name_email_role_and_agency_of_a_new_person(bob_client, police):
    before = User.objects.count()
    response = bob_client.post(reverse("partnership:person_add"), {"password": NEW_PASSWORD})
    assert_error_page(response)
    content = response.content.decode()
    for field in ("username", "first_name", "last_name", "email", "agency"):
        assert f'href="#id_{field}"' in content, field
    # Radios are linked to their first option, which is what has that id.
    assert 'href="#id_role_0"' in content
    assert User.objects.count() == before


def test_it_changes_a_person_and_keeps_their_password_when_left_blank(bob_client, charlie):
    old_hash = charlie.password
    response = bob_client.post(
        reverse("partnership:person", args=[charlie.pk]),
        person_data(
            username="charlie",
            first_name="Charlie",
            last_name="Test",
            email="charlie@testshire.example",
            role=Role.EXECUTIVE,
            password="",
        ),
    )
    assert response.status_code == 302
    charlie.refresh_from_db()
    assert charlie.role == Role.EXECUTIVE
    assert charlie.password == old_hash


def test_it_can_switch_a_person_off(bob_client, charlie):
    data = person_data(username="charlie", first_name="Charlie", password="")
    del data["is_active"]
    bob_client.post(reverse("partnership:person", args=[charlie.pk]), data)
    charlie.refresh_from_db()
    assert charlie.is_active is False


def test_it_filters_people_by_role(bob_client, alice, charlie):
    response = bob_client.get(reverse("partnership:people"), {"role": Role.AGENCY_LEAD})
    content = response.content.decode()
    assert reverse("partnership:person", args=[charlie.pk]) in content
    assert reverse("partnership:person", args=[alice.pk]) not in content


def test_it_resets_two_factor_by_removing_every_device(bob_client, alice):
    make_device(alice)
    TOTPDevice.objects.create(user=alice, name="Spare phone", confirmed=False)
    page = bob_client.get(reverse("partnership:person", args=[alice.pk])).content.decode()
    assert "Reset two-factor authentication" in page

    response = bob_client.post(reverse("partnership:person_reset_2fa", args=[alice.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=alice).exists()
    page = bob_client.get(response["Location"]).content.decode()
    assert "they will set up their app again" in page
    assert "Not set up" in page


def test_it_resets_two_factor_only_on_a_post(bob_client, alice):
    make_device(alice)
    response = bob_client.get(reverse("partnership:person_reset_2fa", args=[alice.pk]))
    assert response.status_code == 405
    assert TOTPDevice.objects.filter(user=alice).exists()


def test_it_leaves_other_peoples_devices_alone_on_a_reset(bob_client, alice, bob):
    make_device(alice)
    bob_client.post(reverse("partnership:person_reset_2fa", args=[alice.pk]))
    assert TOTPDevice.objects.filter(user=bob).exists()


# ---- priorities and sub-groups -----------------------------------------------------------


def test_it_adds_and_changes_a_priority(bob_client):
    response = bob_client.post(
        reverse("partnership:priority_add"),
        {"title": "Neglect", "summary": "Earlier help for neglect.", "order": "2", "active": "on"},
    )
    assert response.status_code == 302
    priority = Priority.objects.get(title="Neglect")
    assert priority.order == 2

    bob_client.post(
        reverse("partnership:priority", args=[priority.pk]),
        {"title": "Neglect and its impact", "summary": "", "order": "1"},
    )
    priority.refresh_from_db()
    assert priority.title == "Neglect and its impact"
    assert priority.active is False


def test_it_refuses_a_priority_with_a_negative_order(bob_client):
    response = bob_client.post(
        reverse("partnership:priority_add"), {"title": "Neglect", "order": "-1"}
    )
    assert_error_page(response)
    assert 'href="#id_order"' in response.content.decode()
    assert not Priority.objects.exists()


def test_it_adds_a_sub_group_with_a_chair_and_priorities(bob_client, charlie):
    neglect = Priority.objects.create(title="Neglect")
    retired = Priority.objects.create(title="Retired priority", active=False)
    response = bob_client.post(
        reverse("partnership:subgroup_add"),
        {
            "name": "Audit and Performance",
            "remit": "Owns the data set.",
            "chair": charlie.pk,
            "meets": "Every 8 weeks",
            "priorities": [neglect.pk],
            "active": "on",
        },
    )
    assert response.status_code == 302
    subgroup = SubGroup.objects.get(name="Audit and Performance")
    assert subgroup.chair == charlie
    assert list(subgroup.priorities.all()) == [neglect]
    # A retired priority is not offered.
    form_page = bob_client.get(reverse("partnership:subgroup", args=[subgroup.pk]))
    assert retired.title not in form_page.content.decode()


def test_it_refuses_a_sub_group_chaired_by_someone_switched_off(bob_client, charlie):
    charlie.is_active = False
    charlie.save()
    response = bob_client.post(
        reverse("partnership:subgroup_add"), {"name": "Audit", "chair": charlie.pk}
    )
    assert_error_page(response, "Select a valid choice")
    assert not SubGroup.objects.exists()


# ---- the partnership's details -----------------------------------------------------------


def test_it_saves_the_statistical_neighbours_as_a_list_of_codes(bob_client, partnership):
    response = bob_client.post(reverse("partnership:details"), partnership_data())
    assert response.status_code == 302
    assert Partnership.load().statistical_neighbours == ["382", "373"]
    page = bob_client.get(reverse("partnership:details")).content.decode()
    assert 'value="382, 373"' in page


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("38A", "these are not: 38A"),
        ("382, 3821", "these are not: 3821"),
        ("382, 373, 382", "A statistical neighbour is listed twice"),
    ],
)
def test_it_refuses_statistical_neighbours_that_are_not_distinct_codes(
    bob_client, partnership, value, message
):
    response = bob_client.post(
        reverse("partnership:details"), partnership_data(statistical_neighbours=value)
    )
    assert_error_page(response, message)
    assert 'href="#id_statistical_neighbours"' in response.content.decode()
    assert Partnership.load().statistical_neighbours == []


def test_it_refuses_a_wrong_la_code_and_keeps_the_old_details(bob_client, partnership):
    response = bob_client.post(
        reverse("partnership:details"), partnership_data(la_code="38", name="Renamed")
    )
    assert_error_page(response, "Enter the three-digit DfE local authority code")
    assert Partnership.load().name == "Testshire Safeguarding Children Partnership"


def test_it_sets_up_the_partnership_when_there_is_none_yet(bob, db):
    client = sign_in(Client(), bob)
    assert Partnership.load() is None
    response = client.post(reverse("partnership:details"), partnership_data())
    assert response.status_code == 302
    assert Partnership.load().pk == Partnership.SINGLETON_ID


def test_it_counts_only_what_is_current_on_the_manage_page(bob_client, charlie):
    Priority.objects.create(title="Neglect")
    Priority.objects.create(title="Old", active=False)
    charlie.is_active = False
    charlie.save()
    content = bob_client.get(reverse("partnership:index")).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content))
    assert "Priorities (1 current)" in text
    assert "People and roles (1 can sign in)" in text  # Bob; Charlie is switched off


def test_it_only_offers_active_agencies_for_a_person(bob_client, police):
    make_user("eve", Role.VIEWER)
    Agency.objects.create(name="Closed agency", sector=Sector.OTHER, active=False)
    content = bob_client.get(reverse("partnership:person_add")).content.decode()
    assert "Testshire Police" in content
    assert "Closed agency" not in content
