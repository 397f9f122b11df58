"""Pages for multi-agency data trends: the partnership overview, an indicator's page, and their
CSV and Excel exports. The catalogue's pages are in ``views_catalogue``.

Every page reads indicators through ``Indicator.objects.visible_to`` and figures through
``series.load``, so the overview, an indicator page and an export show the same values.
Every export is written to the access log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from scrutineer.core.accesslog import record_access
from scrutineer.core.suppression import configured_threshold
from scrutineer.partnership.models import Partnership, Role

from . import charts, export, words
from .forms import NoteForm, OverviewFilterForm
from .models import DataReturn, Indicator, Observation
from .overview import benchmark_history_for, build
from .series import Series, load
from .spc import Assurance, SpcPoint, Variation

FORMATS = ("csv", "xlsx")
HISTORY_LIMIT = 100


def may_add_note(user: Any, indicator: Indicator) -> bool:
    """The scrutineer, the business unit and the source agency's leads explain figures."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if getattr(user, "can_administer", False) or user.role == Role.SCRUTINEER:
        return True
    return bool(
        user.role == Role.AGENCY_LEAD
        and indicator.agency_id is not None
        and user.agency_id == indicator.agency_id
    )


def _partial(request: HttpRequest) -> bool:
    htmx = getattr(request, "htmx", None)
    return bool(htmx and not htmx.history_restore_request)


# --- the overview -----------------------------------------------------------------------------


def legend() -> list[tuple[charts.Icon, str]]:
    """Every Making Data Count icon with its meaning, for the overview's key."""
    icons = [(charts.variation_icon(v), words.ICON_MEANINGS[v]) for v in Variation]
    icons += [(charts.assurance_icon(a), words.ICON_MEANINGS[a]) for a in Assurance]
    return icons


def index(request: HttpRequest) -> HttpResponse:
    filters = OverviewFilterForm(request.GET or None)
    indicators = filters.apply(Indicator.objects.visible_to(request.user).active())
    overview = build(indicators)
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    context = {
        "nav": "trends",
        "filters": filters,
        "overview": overview,
        "export_csv": reverse("trends:overview_export", args=["csv"]) + suffix,
        "export_xlsx": reverse("trends:overview_export", args=["xlsx"]) + suffix,
        "can_edit": getattr(request.user, "can_administer", False),
        "legend": legend(),
    }
    if _partial(request):
        return render(request, "trends/_overview.html", context)
    return render(request, "trends/index.html", context)


def overview_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    filters = OverviewFilterForm(request.GET or None)
    indicators = filters.apply(Indicator.objects.visible_to(request.user).active())
    overview = build(indicators)
    table = export.overview_table(
        overview, threshold=configured_threshold(), description=filters.describe()
    )
    record_access(
        request,
        action="export",
        object_type="trends.indicator",
        description=(
            f"Trends overview {fmt.upper()}, {len(table.rows)} indicators ({filters.describe()})"
        )[:300],
    )
    return _download(request, table, "trends-overview", fmt)


def _download(request: HttpRequest, table: export.Table, stem: str, fmt: str) -> HttpResponse:
    now = timezone.localtime()
    name = export.filename(stem, now.date(), fmt)
    if fmt == "csv":
        response = HttpResponse(export.to_csv(table), content_type="text/csv; charset=utf-8")
    else:
        partnership = Partnership.load()
        source = f"Scrutineer, {partnership.name}" if partnership else "Scrutineer"
        content = export.to_xlsx(table, generated=now, source=source)
        response = HttpResponse(content, content_type=export.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- an indicator -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRow:
    """One period of the indicator page's table: the figure and what the chart says of it."""

    period: str
    value: str
    missing: str
    point: SpcPoint | None
    mean: str
    lower: str
    upper: str
    rules: str
    point_class: str


def _visible_indicator(request: HttpRequest, code: str) -> Indicator:
    return get_object_or_404(
        Indicator.objects.visible_to(request.user)
        .select_related("agency")
        .prefetch_related("priorities", "change_points"),
        code=code,
    )


def _series(indicator: Indicator) -> Series:
    (series,) = load([indicator])
    return series


def _table(series: Series) -> list[TableRow]:
    indicator = series.indicator
    chart = series.chart()
    points = {p.period: p for p in chart.points} if chart else {}
    rows = []
    before: SpcPoint | None = None
    for value in series.values:
        point = points.get(series.key(value.period_start))
        rows.append(
            TableRow(
                period=series.label(value.period_start),
                value=words.figure(value.value, indicator),
                missing=value.missing_reason,
                point=point,
                mean=words.figure(point.mean, indicator) if point else "",
                lower=words.figure(point.lower, indicator) if point else "",
                upper=words.figure(point.upper, indicator) if point else "",
                rules=words.rules_in_words(point, before) if point else "",
                point_class=words.CLASS_WORDS[point.point_class] if point else "",
            )
        )
        before = point or before
    return rows


def _history(request: HttpRequest, indicator: Indicator) -> list[dict[str, Any]]:
    """Each submission that gave or changed a figure of this indicator, newest first, from the
    returns this person may see, with the figures it gave or changed."""
    observations = (
        Observation.objects.filter(
            indicator=indicator,
            submission__data_return__in=DataReturn.objects.visible_to(request.user),
        )
        .select_related("submission__data_return__agency")
        .order_by("submission__data_return_id", "submission__version", "period_start")
    )

    def shown(value: Any, missing: str) -> str:
        return words.figure(value, indicator) or missing or "no figure"

    by_submission: dict[int, dict[str, Any]] = {}
    last: dict[tuple[int, Any], tuple[Any, str]] = {}
    for observation in observations:
        submission = observation.submission
        cell = (submission.data_return_id, observation.period_start)
        now = (observation.value, observation.missing_reason)
        before = last.get(cell)
        last[cell] = now
        if before == now:
            continue
        row = by_submission.setdefault(
            submission.pk,
            {
                "submitted_at": submission.submitted_at,
                "agency": submission.data_return.agency.label,
                "quarter": submission.data_return.quarter_label,
                "version": submission.version,
                "channel": submission.get_channel_display(),
                "figures": [],
            },
        )
        text = f"{indicator.period_label(observation.period_start)}: {shown(*now)}"
        if before is not None:
            text += f" (was {shown(*before)})"
        row["figures"].append(text)
    rows = sorted(
        by_submission.values(), key=lambda r: (r["submitted_at"], r["version"]), reverse=True
    )
    return rows[:HISTORY_LIMIT]


def _sees_returns(user: Any, indicator: Indicator) -> bool:
    if getattr(user, "can_administer", False) or getattr(user, "role", "") == Role.SCRUTINEER:
        return True
    return bool(indicator.agency_id and getattr(user, "agency_id", None) == indicator.agency_id)


def indicator_detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = _visible_indicator(request, code)
    can_note = may_add_note(request.user, indicator)
    form = NoteForm(request.POST or None, indicator=indicator) if can_note else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            with transaction.atomic():
                note = form.save(commit=False)
                note.indicator = indicator
                note.period_start = form.cleaned_data["period"]
                note.author = request.user
                note.save()
            messages.success(request, "Note added")
            return HttpResponseRedirect(reverse("trends:indicator", args=[code]) + "#notes")
    return render(request, "trends/indicator.html", _indicator_context(request, indicator, form))


def _indicator_context(
    request: HttpRequest, indicator: Indicator, form: NoteForm | None
) -> dict[str, Any]:
    series = _series(indicator)
    chart = series.chart()
    change_points = list(indicator.change_points.all())
    present = {v.period_start for v in series.known}
    first = series.known[0].period_start if series.known else None
    rebases = [c for c in change_points if c.period_start in present and c.period_start != first]
    target = float(indicator.target) if indicator.target is not None else None
    svg = None
    if chart is not None:
        svg = charts.spc_svg(
            chart,
            [v.period_start for v in series.known],
            frequency=indicator.frequency,
            title=indicator.name,
            target=target,
            rebases=[(c.period_start, c.reason) for c in rebases],
        )
    history = benchmark_history_for(indicator)
    labels = {series.key(v.period_start): series.label(v.period_start) for v in series.known}
    return {
        "nav": "trends",
        "indicator": indicator,
        "series": series,
        "chart": chart,
        "chart_svg": svg,
        "variation_icon": charts.variation_icon(chart.variation) if chart else None,
        "assurance_icon": (
            charts.assurance_icon(chart.assurance) if chart and chart.assurance else None
        ),
        "reading": words.chart_reading(
            chart,
            indicator,
            labels=labels,
            target=indicator.target,
            rebases=[(series.label(c.period_start), c.reason) for c in rebases],
        ),
        "rows": _table(series),
        "latest": series.latest,
        "latest_text": words.figure(series.latest.value, indicator) if series.latest else "",
        "latest_period": series.label(series.latest.period_start) if series.latest else "",
        "target_text": words.figure(indicator.target, indicator),
        "change_points": [(series.label(c.period_start), c) for c in change_points],
        "benchmark_history": history,
        "benchmark_rows": _benchmark_rows(history, indicator),
        "benchmark_svg": charts.benchmark_svg(history, title=f"{indicator.name}: published figures")
        if history
        else None,
        "submissions": _history(request, indicator),
        "sees_returns": _sees_returns(request.user, indicator),
        "notes": [
            (series.label(n.period_start) if n.period_start else "", n)
            for n in indicator.notes.select_related("author")
        ],
        "form": form,
        "can_edit": getattr(request.user, "can_administer", False),
        "export_csv": reverse("trends:indicator_export", args=[indicator.code, "csv"]),
        "export_xlsx": reverse("trends:indicator_export", args=[indicator.code, "xlsx"]),
    }


def _benchmark_rows(history: list[Any], indicator: Indicator) -> list[dict[str, str]]:
    def shown(value: Any, marker: str = "") -> str:
        return words.figure(value, indicator) if value is not None else (marker or "")

    return [
        {
            "year": f"{s.year - 1} to {s.year}",
            "value": shown(s.value, getattr(s, "marker", "")),
            "england": shown(s.england),
            "region": shown(s.region),
            "neighbours": shown(s.neighbours_mean),
            "rank": f"{s.rank} of {s.of}" if s.rank is not None and s.of else str(s.rank or ""),
            "quartile": str(s.quartile or ""),
        }
        for s in history
    ]


def indicator_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404
    indicator = _visible_indicator(request, code)
    series = _series(indicator)
    table = export.series_table(series, threshold=configured_threshold())
    record_access(
        request,
        action="export",
        object_type="trends.indicator",
        object_id=indicator.pk,
        description=f"{indicator.name} series {fmt.upper()}, {len(table.rows)} periods"[:300],
    )
    return _download(request, table, indicator.code, fmt)
