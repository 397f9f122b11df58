"""The journeys page: where the children referred in a year went next, as a chart and a table.

Only people who may handle case-level data (``querysets.handles_case_data``) reach it: the
figures are small-number suppressed, but the filters can narrow them to a handful of children.
Every journey shown is a read of case-level data in the access log.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from scrutineer.core.accesslog import record_access
from scrutineer.core.calendar import partnership_calendar

from . import store
from .forms_journeys import JourneysForm, reporting_year
from .journeys import journey, year_bounds
from .views import case_data_required

#: The chart's geometry, in SVG user units: a label line and a bar for each step.
BAR_MAX, STEP_HEIGHT = 560, 56


def _small() -> tuple[int, int]:
    return (1, int(getattr(settings, "SUPPRESSION_MAX", 5)))


def _chart(rows: list[dict[str, Any]], fewer: str) -> dict[str, Any]:
    """Positions for the template's SVG, and the words of its description."""
    bars = []
    for i, row in enumerate(rows):
        shown = fewer if row["hidden"] else str(row["count"])
        bars.append(
            {
                **row,
                "shown": shown,
                "y": i * STEP_HEIGHT,
                "bar_y": i * STEP_HEIGHT + 24,
                "bar": round(BAR_MAX * row["width"] / 100, 1),
                "value_x": round(BAR_MAX * row["width"] / 100, 1) + 8,
                "value_y": i * STEP_HEIGHT + 42,
            }
        )
    desc = "; ".join(f"{b['label']}: {b['shown']}" for b in bars)
    return {"bars": bars, "height": len(rows) * STEP_HEIGHT, "desc": desc}


@never_cache
@case_data_required
def journeys_view(request: HttpRequest) -> HttpResponse:
    snapshot = store.current()
    data = request.GET if request.GET else {"year": reporting_year(timezone.localdate())}
    form = JourneysForm(data)
    found = chart = None
    unreadable = ""
    fewer = f"fewer than {_small()[1] + 1}"
    if form.is_valid() and snapshot is not None:
        filters = form.filters()
        year = form.cleaned_data["year"]
        try:
            with store.connect(snapshot) as con:
                found = journey(
                    con, filters, year=year, calendar=partnership_calendar(), small=_small()
                )
        except store.StoreError as error:
            # The import's files have gone from the store (a restore without them, a removed
            # folder): say so rather than fail, and show nothing computed.
            unreadable = str(error)
            found = None
        record_access(
            request,
            action="read",
            object_type="casedata.snapshot",
            object_id=str(snapshot.pk),
            description=f"Journeys {year} ({filters.describe()})",
        )
        if found is not None:
            chart = _chart(found.rows(), fewer)
    start = end = None
    if found is not None:
        start, end = year_bounds(found.year)
    context = {
        "nav": "casedata",
        "form": form,
        "snapshot": snapshot,
        "unreadable": unreadable,
        "found": found,
        "chart": chart,
        "fewer": fewer,
        "small_max": _small()[1],
        "start": start,
        "end": end,
        "bar_max": BAR_MAX,
    }
    return render(request, "casedata/journeys.html", context)
