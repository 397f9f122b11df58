"""The demo partnership: loads the same data however often it runs, only where it is safe,
and its two-factor codes work from the command line."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutineer.partnership.demo import DEMO_DEVICE_NAME, DEMO_PASSWORD
from scrutineer.partnership.models import Agency, Partnership, Priority, SubGroup, User


def load_demo() -> str:
    out = io.StringIO()
    call_command("demo", allow_production=True, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, object]:
    """What the partnership's part of the demo made, in a form two runs can be compared by."""
    return {
        "agencies": list(Agency.objects.values_list("name", "short_name", "holds_case_data")),
        "people": list(User.objects.values_list("username", "role", "agency__name")),
        "priorities": list(Priority.objects.values_list("title", "order")),
        "subgroups": [
            (group.name, group.chair.username, sorted(p.title for p in group.priorities.all()))
            for group in SubGroup.objects.select_related("chair")
        ],
        "devices": TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME).count(),
        "partnership": Partnership.load().statistical_neighbours,
    }


def democode(username: str) -> str:
    out = io.StringIO()
    call_command("democode", username, stdout=out)
    return out.getvalue()


def test_it_loads_the_northbridge_partnership(db):
    load_demo()
    assert Partnership.load().name == "Northbridge Safeguarding Children Partnership"
    assert Agency.objects.count() == 14
    assert User.objects.count() == 8
    assert Priority.objects.count() == 3
    assert SubGroup.objects.count() == 4
    assert TOTPDevice.objects.filter(name=DEMO_DEVICE_NAME, confirmed=True).count() == 8


def test_it_loads_the_same_data_when_run_twice(db):
    load_demo()
    first = snapshot()
    load_demo()
    assert snapshot() == first
    assert (Agency.objects.count(), User.objects.count()) == (14, 8)
    assert (Priority.objects.count(), SubGroup.objects.count()) == (3, 4)


def test_it_puts_back_what_someone_changed(db):
    """Records are found by their natural key (a name, a username) and their details reset."""
    load_demo()
    first = snapshot()
    Priority.objects.filter(order=1).update(order=9)
    User.objects.filter(username="viewer").update(is_active=False, role="auditor")
    SubGroup.objects.get(name="Adolescent Safety").priorities.clear()
    load_demo()
    assert snapshot() == first
    assert User.objects.get(username="viewer").is_active is True


def test_it_lists_the_logins_and_the_password(db):
    output = load_demo()
    assert f"every password: {DEMO_PASSWORD}" in output
    for username in ("scrutineer", "business", "lead.council", "executive", "auditor", "viewer"):
        assert re.search(rf"^  {re.escape(username)} ", output, flags=re.MULTILINE), username


def test_it_refuses_to_load_without_debug_mode(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="SCRUTINEER_DEBUG=true"):
        call_command("demo", stdout=io.StringIO())
    assert not Agency.objects.exists()
    assert not User.objects.exists()


def test_it_loads_in_debug_mode_without_being_told_to(db, settings):
    settings.DEBUG = True
    call_command("demo", stdout=io.StringIO())
    assert Agency.objects.count() == 14


def test_democode_prints_a_code_the_device_accepts(db):
    load_demo()
    code = democode("scrutineer").strip()
    assert re.fullmatch(r"\d{6}", code)
    device = TOTPDevice.objects.get(user__username="scrutineer", name=DEMO_DEVICE_NAME)
    assert device.verify_token(code)


def test_democode_refuses_someone_who_is_not_a_demo_account(db, alice):
    TOTPDevice.objects.create(user=alice, name="Her own phone", confirmed=True)
    with pytest.raises(CommandError, match="has no demo authenticator"):
        democode("alice")
    with pytest.raises(CommandError, match="has no demo authenticator"):
        democode("nobody")


def test_a_demo_login_signs_in_with_the_password_and_democode(db):
    load_demo()
    client = Client()
    response = client.post(
        reverse("login"), {"username": "scrutineer", "password": DEMO_PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0].startswith(reverse("two_factor"))
    response = client.post(reverse("two_factor"), {"token": democode("scrutineer").strip()})
    assert response.status_code == 302
    home = client.get(reverse("home"))
    assert home.status_code == 200
    assert b"Northbridge Safeguarding Children Partnership" in home.content
