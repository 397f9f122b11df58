"""Small factories for the partnership and its people: one function each, no shared fixture file.

Personas by role (names follow the demo's spirit; all synthetic).
"""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutineer.partnership.models import Agency, Partnership, Role, Sector, User

PASSWORD = "correct-horse-battery-staple"


def make_partnership(**overrides: Any) -> Partnership:
    values = {
        "name": "Testshire Safeguarding Children Partnership",
        "local_authority": "Testshire County Council",
        "la_code": "383",
        "region": "Yorkshire and The Humber",
        "front_door_name": "the Front Door Team",
        "front_door_phone": "0113 496 0999",
    }
    values.update(overrides)
    return Partnership.objects.create(**values)


def make_agency(name: str = "Testshire Children's Services", **overrides: Any) -> Agency:
    values: dict[str, Any] = {"sector": Sector.LOCAL_AUTHORITY, "short_name": ""}
    values.update(overrides)
    agency, _ = Agency.objects.get_or_create(name=name, defaults=values)
    return agency


def make_user(
    username: str, role: Role = Role.VIEWER, agency: Agency | None = None, **overrides: Any
) -> User:
    if agency is None:
        agency = make_agency("Testshire Safeguarding Partnership", sector=Sector.PARTNERSHIP)
    user = User.objects.create_user(
        username=username,
        password=PASSWORD,
        role=role,
        agency=agency,
        first_name=username.split(".")[0].capitalize(),
        last_name="Test",
        **overrides,
    )
    return user


def make_device(user: User) -> TOTPDevice:
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Test app", defaults={"confirmed": True}
    )
    return device


def sign_in(client: Client, user: User, *, verified: bool = True) -> Client:
    """Sign in as if through the pages: password, then (if ``verified``) a two-factor code."""
    client.force_login(user)
    if verified:
        device = make_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client
