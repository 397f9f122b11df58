"""What the API tests share: the police's indicators, a token, and a whole return to send."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from scrutineer.trends.tokens import token_issue

from .factories import make_indicator

QUARTER = "2024-25-Q1"  # April to June 2024
MONTHS = ("2024-04", "2024-05", "2024-06")


def make_police_indicators(police: Any) -> None:
    make_indicator("police_da_incidents", police, name="Domestic abuse incidents")
    make_indicator(
        "police_da_child_present_pct",
        police,
        name="Domestic abuse incidents with a child present",
        unit="percentage",
        numerator="incidents with a child present",
        denominator="domestic abuse incidents",
    )


def issue(agency: Any, name: str = "Police BI server") -> tuple[Any, str]:
    return token_issue(agency=agency, name=name, by=None)


def whole_return(incidents: tuple[int, int, int] = (412, 398, 405)) -> dict[str, Any]:
    """Every figure the police's April to June 2024 return must hold."""
    figures: list[dict[str, Any]] = [
        {"indicator": "police_da_incidents", "period": month, "value": value}
        for month, value in zip(MONTHS, incidents, strict=True)
    ]
    figures += [
        {"indicator": "police_da_child_present_pct", "period": month, "value": 31.5}
        for month in MONTHS
    ]
    return {"figures": figures, "note": "From the crime system, 3 July."}


def call(
    client: Client, method: str, path: str, secret: str | None, body: Any = None, **extra: Any
) -> Any:
    """Call the API as an agency's system would: JSON in, JSON out, the token in a header."""
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    if method == "get":
        return client.get(path, headers=headers, **extra)
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(path, data=data, content_type="application/json", headers=headers, **extra)
