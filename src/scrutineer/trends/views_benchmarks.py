"""The benchmarks page: the partnership's local authority beside England, its region and its
statistical neighbours, from the DfE's published tables.

Published figures are public, so every signed-in person who sees the partnership's evidence
sees them; the page reads through ``trends.benchmarks``, which owns the comparison rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from scrutineer.partnership.models import Partnership
from scrutineer.partnership.querysets import user_sees_shared

from . import dfe
from .benchmarks import (
    BenchmarkSummary,
    benchmark_measures,
    benchmark_neighbours,
    benchmark_summary,
    benchmark_years,
    measure_label,
    measure_polarity,
)
from .forms_benchmarks import YearForm
from .models import LocalAuthority

SHORT_MARKERS = {
    "c": "suppressed",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "k": "rounds to 0",
}
POLARITY_WORDS = {
    "up": "Higher is better",
    "down": "Lower is better",
    "neutral": "Neither higher nor lower is better",
}


@dataclass(frozen=True)
class Line:
    """One measure's row of the table, formatted as the DfE shows it."""

    label: str
    value: str
    england: str
    region: str
    neighbours: str
    rank: str
    quartile: str
    polarity: str
    judged: bool  # False for neutral measures: the band is a position, not good or bad


def _figure(value: float | None, code: str, marker: str = "") -> str:
    if value is None:
        return SHORT_MARKERS.get(marker, "no figure") if marker else "no figure"
    return f"{value:,.{dfe.places(code)}f}"


def _line(summary: BenchmarkSummary) -> Line:
    polarity = measure_polarity(summary.code)
    return Line(
        label=measure_label(summary.code),
        value=_figure(summary.value, summary.code, summary.marker),
        england=_figure(summary.england, summary.code),
        region=_figure(summary.region, summary.code),
        neighbours=_figure(summary.neighbours_mean, summary.code),
        rank=f"{summary.rank} of {summary.of}" if summary.rank is not None else "",
        quartile=summary.quartile or "",
        polarity=POLARITY_WORDS[polarity],
        judged=polarity != "neutral",
    )


def benchmarks(request: HttpRequest) -> HttpResponse:
    if not user_sees_shared(request.user):
        raise PermissionDenied
    partnership = Partnership.load()
    la_code = partnership.la_code if partnership else ""
    authority = LocalAuthority.objects.filter(code=la_code).first() if la_code else None
    years = benchmark_years(la_code=la_code) if authority else []
    form = YearForm(request.GET or None, years=years)
    context: dict[str, Any] = {
        "nav": "trends",
        "la_code": la_code,
        "authority": authority,
        "form": form,
        "years": years,
        "can_load": bool(getattr(request.user, "can_administer", False)),
    }
    if years:
        year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else years[0]
        summaries = benchmark_summary(la_code=la_code, codes=benchmark_measures(), year=year)
        model, neighbours = benchmark_neighbours(la_code=la_code, year=year)
        context.update(
            year=year,
            year_label=f"{year - 1}-{year % 100:02d}",
            main=[_line(s) for code, s in summaries.items() if not code.startswith("factor_")],
            factors=[_line(s) for code, s in summaries.items() if code.startswith("factor_")],
            model=model,
            neighbours=neighbours,
        )
    return render(request, "trends/benchmarks.html", context)
