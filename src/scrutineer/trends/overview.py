"""The partnership overview's rows: each indicator's latest figure, its change, its Making Data
Count icons, a sparkline and its benchmark, grouped by sector.

Built from ``series.load`` (a fixed handful of queries whatever the number of indicators) and
one call to the benchmarks, so the overview of 40 indicators costs what the overview of 5 does;
``tests/trends/test_overview_queries.py`` holds it to that.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import QuerySet

from scrutineer.partnership.models import Partnership, Sector

from . import words
from .charts import SPARK_POINTS, Icon, Sparkline, assurance_icon, sparkline, variation_icon
from .models import Indicator, SeriesValue
from .series import Series, load
from .spc import SpcResult, Variation

log = logging.getLogger(__name__)

CONCERN = frozenset({Variation.CONCERN_HIGH, Variation.CONCERN_LOW})
IMPROVEMENT = frozenset({Variation.IMPROVEMENT_HIGH, Variation.IMPROVEMENT_LOW})
NEITHER = frozenset({Variation.NEITHER_HIGH, Variation.NEITHER_LOW})


def benchmarks_for(indicators: Iterable[Indicator]) -> dict[str, Any]:
    """The latest published benchmark of each indicator that has one, keyed by benchmark code.

    The benchmarks module is built alongside this one; until it can answer (no partnership set
    up, no benchmarks imported, or the module itself missing) the overview shows none, rather
    than failing.
    """
    codes = sorted({i.benchmark_code for i in indicators if i.benchmark_code})
    partnership = Partnership.load()
    if not codes or partnership is None or not partnership.la_code:
        return {}
    try:
        from .benchmarks import benchmark_summary
    except ImportError:
        return {}
    try:
        return dict(benchmark_summary(la_code=partnership.la_code, codes=codes))
    except Exception:  # a benchmark problem must not take the overview down
        log.exception("benchmark_summary failed for %s", codes)
        return {}


def benchmark_history_for(indicator: Indicator) -> list[Any]:
    """Every year's published benchmark of one indicator, oldest first ([] when none)."""
    partnership = Partnership.load()
    if not indicator.benchmark_code or partnership is None or not partnership.la_code:
        return []
    try:
        from .benchmarks import benchmark_history
    except ImportError:
        return []
    try:
        history = benchmark_history(la_code=partnership.la_code, code=indicator.benchmark_code)
    except Exception:
        log.exception("benchmark_history failed for %s", indicator.benchmark_code)
        return []
    return sorted(history, key=lambda s: s.year)


@dataclass
class Row:
    """One indicator on the overview."""

    series: Series
    chart: SpcResult | None
    benchmark: Any = None

    @property
    def indicator(self) -> Indicator:
        return self.series.indicator

    @property
    def latest(self) -> SeriesValue | None:
        return self.series.latest

    @property
    def latest_text(self) -> str:
        latest = self.latest
        return words.figure(latest.value, self.indicator) if latest else ""

    @property
    def target_text(self) -> str:
        return words.figure(self.indicator.target, self.indicator)

    @property
    def latest_period(self) -> str:
        latest = self.latest
        return self.series.label(latest.period_start) if latest else ""

    @cached_property
    def change(self) -> words.Change | None:
        latest, previous = self.series.latest, self.series.previous
        if latest is None or previous is None:
            return None
        return words.change(
            latest.value,  # type: ignore[arg-type]
            previous.value,  # type: ignore[arg-type]
            self.indicator,
            self.series.label(previous.period_start),
        )

    @property
    def variation(self) -> Variation | None:
        return self.chart.variation if self.chart else None

    @property
    def variation_icon(self) -> Icon | None:
        return variation_icon(self.chart.variation) if self.chart else None

    @property
    def assurance_icon(self) -> Icon | None:
        if self.chart is None or self.chart.assurance is None:
            return None
        return assurance_icon(self.chart.assurance)

    @property
    def variation_words(self) -> str:
        return words.VARIATION_WORDS[self.chart.variation] if self.chart else ""

    @property
    def assurance_words(self) -> str:
        if self.chart is None or self.chart.assurance is None:
            return ""
        return words.ASSURANCE_WORDS[self.chart.assurance]

    @cached_property
    def spark(self) -> Sparkline | None:
        known = self.series.known
        last = self.chart.points[-1].point_class if self.chart else None
        return sparkline([float(v.value) for v in known], last)  # type: ignore[arg-type]

    @property
    def spark_text(self) -> str:
        """The sparkline's figures in words, for screen readers (the drawing is hidden)."""
        known = self.series.known[-SPARK_POINTS:]
        if self.spark is None or not known:
            return ""
        first = self.series.label(known[0].period_start)
        last = self.series.label(known[-1].period_start)
        figures = ", ".join(words.figure(v.value, self.indicator) for v in known)
        return f"Figures from {first} to {last}: {figures}."

    @property
    def benchmark_parts(self) -> list[tuple[str, str]]:
        """(what, figure) pairs to show: the year, this area, England, neighbours, quartile."""
        summary = self.benchmark
        if summary is None:
            return []
        parts = []
        for what, name in (
            ("This area", "value"),
            ("England", "england"),
            ("Neighbours", "neighbours_mean"),
        ):
            value = getattr(summary, name, None)
            if value is not None:
                parts.append((what, words.figure(value, self.indicator)))
        if getattr(summary, "quartile", None):
            parts.append(("Quartile", str(summary.quartile)))
        if parts and getattr(summary, "year", None):
            parts.insert(0, ("Year", _reporting_year(int(summary.year))))
        return parts


def _reporting_year(year: int) -> str:
    """The DfE's reporting year 2025 is April 2024 to March 2025."""
    return f"{year - 1} to {year}"


@dataclass
class Overview:
    rows: list[Row]
    groups: list[tuple[str, list[Row]]] = field(default_factory=list)

    def count(self, variations: frozenset[Variation]) -> int:
        return sum(1 for row in self.rows if row.variation in variations)

    @property
    def concern(self) -> int:
        return self.count(CONCERN)

    @property
    def improvement(self) -> int:
        return self.count(IMPROVEMENT)

    @property
    def neither(self) -> int:
        return self.count(NEITHER)

    @property
    def common(self) -> int:
        return self.count(frozenset({Variation.COMMON_CAUSE}))

    @property
    def no_chart(self) -> int:
        return sum(1 for row in self.rows if row.chart is None)


def indicators_for_overview(indicators: QuerySet[Indicator]) -> QuerySet[Indicator]:
    """The related rows every overview row shows, fetched with the indicators."""
    return indicators.select_related("agency").prefetch_related("priorities")


def build(indicators: QuerySet[Indicator]) -> Overview:
    """The overview of these indicators, in catalogue order, grouped by sector."""
    series = load(indicators_for_overview(indicators))
    benchmarks = benchmarks_for(s.indicator for s in series)
    rows = [
        Row(s, s.chart(), benchmarks.get(s.indicator.benchmark_code) if benchmarks else None)
        for s in series
    ]
    labels = dict(Sector.choices)
    by_sector: dict[str, list[Row]] = {}
    for row in rows:
        by_sector.setdefault(row.indicator.sector, []).append(row)
    order = [value for value, _ in Sector.choices]
    groups = [
        (labels.get(sector, sector), by_sector[sector])
        for sector in sorted(by_sector, key=lambda s: order.index(s) if s in order else 99)
    ]
    return Overview(rows, groups)
