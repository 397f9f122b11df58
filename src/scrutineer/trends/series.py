"""Series for pages, exports and suggestions: load indicators' values in a fixed number of queries
and chart them.

Every reader of the series goes through ``load`` so that the overview, an indicator page, an
export and the suggestion rules see the same values from the same permission rule, and the
overview of 40 indicators costs the same handful of queries as one.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from . import periods
from .models import ChangePoint, Indicator, SeriesValue
from .spc import SpcResult, spc

#: A chart needs this many points before it can say anything about variation.
MIN_POINTS = 2


@dataclass
class Series:
    """One indicator with its values in period order (missing figures kept, with their reason)."""

    indicator: Indicator
    values: list[SeriesValue] = field(default_factory=list)

    @property
    def known(self) -> list[SeriesValue]:
        """The values that are figures (not suppressed or missing), oldest first."""
        return [v for v in self.values if v.value is not None]

    @property
    def latest(self) -> SeriesValue | None:
        known = self.known
        return known[-1] if known else None

    @property
    def previous(self) -> SeriesValue | None:
        known = self.known
        return known[-2] if len(known) > 1 else None

    def key(self, start: dt.date) -> str:
        return periods.key(start, self.indicator.frequency)

    def label(self, start: dt.date) -> str:
        return periods.label(start, self.indicator.frequency)

    def chart(self) -> SpcResult | None:
        """The SPC chart of the known figures, with the indicator's own settings; None when
        there are too few points to draw one."""
        known = self.known
        if len(known) < MIN_POINTS:
            return None
        keys = [self.key(v.period_start) for v in known]
        present = set(keys)
        indicator = self.indicator
        rebase = [
            self.key(c.period_start)
            for c in indicator.change_points.all()
            if self.key(c.period_start) in present and self.key(c.period_start) != keys[0]
        ]
        return spc(
            [float(v.value) for v in known],  # type: ignore[arg-type]
            keys,
            polarity=indicator.polarity,
            target=None if indicator.target is None else float(indicator.target),
            rebase_at=rebase,
            fix_after=indicator.fix_limits_after,
            screen_outliers=indicator.screen_outliers,
        )


def load(indicators: Iterable[Indicator] | Any, *, since: dt.date | None = None) -> list[Series]:
    """Each indicator's series, in the indicators' order: three queries whatever their number
    (the indicators with their change points, then every value)."""
    indicators = list(
        indicators.prefetch_related(
            Prefetch("change_points", queryset=ChangePoint.objects.order_by("period_start"))
        )
        if hasattr(indicators, "prefetch_related")
        else indicators
    )
    by_indicator: dict[int, list[SeriesValue]] = defaultdict(list)
    values = SeriesValue.objects.filter(indicator__in=[i.pk for i in indicators])
    if since is not None:
        values = values.filter(period_start__gte=since)
    for value in values.order_by("indicator_id", "period_start"):
        by_indicator[value.indicator_id].append(value)
    return [Series(indicator, by_indicator.get(indicator.pk, [])) for indicator in indicators]
