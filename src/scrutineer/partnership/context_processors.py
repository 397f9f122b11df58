"""Puts the partnership and its front-door signpost on every page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from .models import Partnership


def partnership(request: HttpRequest) -> dict[str, Any]:
    """One small query a page; the signpost must never be missing, so no cache to go stale."""
    found = Partnership.load()
    front_door = None
    if found is not None:
        front_door = {
            "name": found.front_door_name,
            "phone": found.front_door_phone,
            "phone_link": found.front_door_phone_link,
            "hours": found.front_door_hours,
            "out_of_hours": found.front_door_out_of_hours,
        }
    return {"partnership": found, "front_door": front_door}
