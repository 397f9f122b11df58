"""Permission-matrix rows for the trends pages (overview, indicator pages, catalogue).

Everyone signed in reads the overview, an indicator, its exports and the catalogue; only the
business unit changes the catalogue. Adding a note is a POST on the indicator page itself.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

SIGN_IN = "sign-in"

# fmt: off
# url name                           object               anon     scrut BU    lead  exec  audit view
MATRIX: list[tuple[str, str | None, tuple[int | str, ...]]] = [
    ("trends:index",                 None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("trends:overview_export",       "overview csv",     (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("trends:overview_export",       "overview xlsx",    (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("trends:overview_export",       "overview pdf",     (SIGN_IN, 404,  404,  404,  404,  404,  404)),
    ("trends:indicator",             "indicator",        (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("trends:indicator",             "unknown indicator", (SIGN_IN, 404, 404,  404,  404,  404,  404)),
    ("trends:indicator_export",      "indicator csv",    (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("trends:indicator_export",      "indicator xlsx",   (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("trends:catalogue",             None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("trends:indicator_add",         None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("trends:catalogue_starter",     None,               (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("trends:indicator_edit",        "indicator",        (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("trends:change_points",         "indicator",        (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("trends:change_point_remove",   "change point",     (SIGN_IN, 405,  405,  405,  405,  405,  405)),
]
# fmt: on


def records(*, users: dict[str, Any], police: Any, council: Any) -> dict[str, Any]:
    from scrutineer.trends.models import ChangePoint, Indicator, SeriesValue

    indicator = Indicator.objects.create(
        code="matrix_incidents",
        name="Domestic abuse incidents",
        definition="Incidents recorded by the police in the month.",
        agency=police,
        sector=police.sector,
        unit="count",
        polarity="neutral",
        frequency="monthly",
    )
    SeriesValue.objects.bulk_create(
        SeriesValue(indicator=indicator, period_start=dt.date(2025, m, 1), value=Decimal(v))
        for m, v in ((1, 40), (2, 3), (3, 44), (4, 38))
    )
    point = ChangePoint.objects.create(
        indicator=indicator, period_start=dt.date(2025, 3, 1), reason="New recording system"
    )
    return {"indicator": indicator, "change point": point}


URL_KWARGS = {
    "overview csv": lambda r: {"fmt": "csv"},
    "overview xlsx": lambda r: {"fmt": "xlsx"},
    "overview pdf": lambda r: {"fmt": "pdf"},
    "indicator": lambda r: {"code": r["indicator"].code},
    "unknown indicator": lambda r: {"code": "no_such_indicator"},
    "indicator csv": lambda r: {"code": r["indicator"].code, "fmt": "csv"},
    "indicator xlsx": lambda r: {"code": r["indicator"].code, "fmt": "xlsx"},
    "change point": lambda r: {"code": r["indicator"].code, "pk": r["change point"].pk},
}
