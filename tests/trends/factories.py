"""Factories for the trends tests: indicators, returns and series."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from scrutineer.partnership.models import Agency, Sector
from scrutineer.trends.models import Indicator, SeriesValue
from scrutineer.trends.periods import add_months


def make_indicator(
    code: str = "referrals", agency: Agency | None = None, **overrides: Any
) -> Indicator:
    fields: dict[str, Any] = {
        "name": code.replace("_", " ").capitalize(),
        "definition": f"How many {code.replace('_', ' ')} there were.",
        "agency": agency,
        "sector": agency.sector if agency else Sector.LOCAL_AUTHORITY,
        "unit": "count",
        "polarity": "neutral",
        "frequency": "monthly",
    }
    fields.update(overrides)
    return Indicator.objects.create(code=code, **fields)


def make_series(
    indicator: Indicator, values: list[float | None], start: dt.date = dt.date(2023, 4, 1)
) -> list[SeriesValue]:
    """A monthly (or quarterly) series of values from ``start``; None is a missing figure."""
    step = 3 if indicator.frequency == "quarterly" else 1
    return SeriesValue.objects.bulk_create(
        SeriesValue(
            indicator=indicator,
            period_start=add_months(start, step * n),
            value=None if value is None else Decimal(str(value)),
            missing_reason="suppressed (c)" if value is None else "",
        )
        for n, value in enumerate(values)
    )
