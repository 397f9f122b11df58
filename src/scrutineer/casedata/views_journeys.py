"""The journeys page and its CSV: where the children contacted and referred in a year went next.

Only people who may handle case-level data (``querysets.handles_case_data``) reach them: the
figures are small-number suppressed, but the filters can narrow them to a handful of children.
Every journey shown is a read of case-level data in the access log, and every CSV an export.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_safe

from scrutineer.core.accesslog import record_access
from scrutineer.core.calendar import statutory_calendar
from scrutineer.core.suppression import configured_threshold
from scrutineer.core.svg import safe_svg

from . import store
from .forms_journeys import JourneysForm, reporting_year
from .journeys import Journey, journey, year_bounds
from .journeys_chart import HIDDEN, number, sankey
from .journeys_export import journey_csv
from .models import Snapshot
from .views import case_data_required


@dataclass
class _Asked:
    """What a request asked for and what was found: the form, the snapshot, the journey."""

    form: JourneysForm
    snapshot: Snapshot | None
    found: Journey | None = None
    unreadable: str = ""


def _ask(request: HttpRequest) -> _Asked:
    """Read the filters and compute the journey they ask for."""
    snapshot = store.current()
    data = request.GET if request.GET else {"year": reporting_year(timezone.localdate())}
    asked = _Asked(form=JourneysForm(data), snapshot=snapshot)
    if not asked.form.is_valid() or snapshot is None:
        return asked
    filters = asked.form.filters()
    year = asked.form.cleaned_data["year"]
    try:
        with store.connect(snapshot) as con:
            asked.found = journey(
                con, filters, year=year, calendar=statutory_calendar(), small=configured_threshold()
            )
    except store.StoreError as error:
        # The import's files have gone from the store (a restore without them, a removed
        # folder): say so rather than fail, and show nothing computed.
        asked.unreadable = str(error)
    return asked


def _log(request: HttpRequest, asked: _Asked, *, action: str, what: str) -> None:
    """A journey computed from a snapshot is a read (or an export) of case-level data."""
    assert asked.snapshot is not None
    form = asked.form
    record_access(
        request,
        action=action,
        object_type="casedata.snapshot",
        object_id=str(asked.snapshot.pk),
        description=f"{what} {form.cleaned_data['year']} ({form.describe()})"[:300],
    )


def _query(form: JourneysForm) -> str:
    """The filters of a valid form as a query string, for the CSV link ("any" left out)."""
    data = form.cleaned_data
    return urlencode({name: data[name] for name in form.fields if data[name] not in ("", None)})


@require_safe  # GET and HEAD only: a POST is not a way to read case data
@never_cache
@case_data_required
def journeys_view(request: HttpRequest) -> HttpResponse:
    asked = _ask(request)
    # A HEAD request (a link checker) is answered, but nobody reads the figures it drops.
    if asked.form.is_valid() and asked.snapshot is not None and request.method == "GET":
        # Logged even when the files cannot be read: the person asked to read case data.
        _log(request, asked, action="read", what="Journeys")
    found = asked.found
    context: dict[str, Any] = {
        "nav": "casedata",
        "form": asked.form,
        "snapshot": asked.snapshot,
        "unreadable": asked.unreadable,
        "found": found,
        "small_max": configured_threshold()[1],
    }
    if found is not None:
        rows, flow_rows, contact_rows = found.rows(), found.flow_rows(), found.contact_rows()
        # The tables say "Not shown" for a hidden count, as for a hidden share or median.
        for row in [*rows, *flow_rows, *contact_rows]:
            row["shown"] = number(row["count"], HIDDEN.capitalize())
        for row in rows:
            row["any_route_shown"] = number(row["any_route"], HIDDEN.capitalize())
        context.update(
            rows=rows,
            flow_rows=flow_rows,
            contact_rows=contact_rows,
            start=year_bounds(found.year)[0],
            end=year_bounds(found.year)[1],
            csv_url=f"{reverse('casedata:journeys_csv')}?{_query(asked.form)}",
            who=asked.form.describe(),
        )
        if found.referrals:
            who = "contacted or referred" if contact_rows else "referred"
            title = f"Children {who} in the year ending 31 March {found.year}: where they went"
            contact = contact_rows[0] if contact_rows else None
            chart = sankey(rows, flow_rows, fewer=HIDDEN, title=title, contact=contact)
            svg = render_to_string("casedata/_journeys_sankey.svg", {"chart": chart})
            context.update(chart=chart, sankey_svg=safe_svg(svg, label=title))
    return render(request, "casedata/journeys.html", context)


@require_GET  # not HEAD either: it would log an export of a file nobody received
@never_cache
@case_data_required
def journeys_csv(request: HttpRequest) -> HttpResponse:
    """The journey the page shows, as CSV; when there is nothing to download (bad filters, no
    data, files gone) the page with the same filters, which says why."""
    asked = _ask(request)
    if asked.found is None or asked.snapshot is None:
        page = reverse("casedata:journeys")
        return redirect(f"{page}?{request.GET.urlencode()}" if request.GET else page)
    _log(request, asked, action="export", what="Journeys CSV")
    body = journey_csv(
        asked.found,
        snapshot=asked.snapshot,
        threshold=configured_threshold(),
        who=asked.form.describe(),
    )
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    name = f"journeys-{asked.found.year}-snapshot-{asked.snapshot.pk}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
