"""Workflows of the trends app that span models: accepting a return, keeping the series current.

Parsers (Excel, CSV, the API) turn what an agency sends into validated ``Figure`` values and call
``submission_create``; nothing else writes submissions. Each call makes a new version, keeps every
earlier one, and brings ``SeriesValue`` up to date, all in one transaction: a return is accepted
whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from scrutineer.core.calendar import partnership_calendar
from scrutineer.partnership.models import Agency

from . import periods
from .models import (
    DataReturn,
    Indicator,
    Observation,
    SeriesValue,
    Source,
    Submission,
)

#: Working days after the end of a quarter by which an agency's return is due.
RETURN_DUE_WORKING_DAYS = 15


@dataclass(frozen=True)
class Figure:
    """One validated figure for one indicator and period."""

    indicator: str
    period_start: dt.date
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    missing_reason: str = ""


@dataclass(frozen=True)
class Change:
    """How a figure differs between a submission and the version before it."""

    indicator: Indicator
    period_start: dt.date
    before: Decimal | None
    after: Decimal | None
    before_missing: str
    after_missing: str

    @property
    def kind(self) -> str:
        if self.before is None and not self.before_missing:
            return "added"
        if self.after is None and not self.after_missing:
            return "removed"
        return "changed"


def due_date(quarter_start: dt.date) -> dt.date:
    """When a quarter's return is due: 15 working days after the quarter ends."""
    quarter_end = periods.end(quarter_start, "quarterly")
    return partnership_calendar().add(quarter_end, RETURN_DUE_WORKING_DAYS)


def return_for(*, agency: Agency, quarter_start: dt.date) -> DataReturn:
    """The agency's return for the quarter starting on ``quarter_start``, made if need be."""
    if not periods.is_start(quarter_start, "quarterly"):
        raise ValueError(f"{quarter_start} is not the first day of a financial quarter")
    data_return, _ = DataReturn.objects.get_or_create(
        agency=agency,
        quarter_start=quarter_start,
        defaults={"due_on": due_date(quarter_start)},
    )
    return data_return


def expected_cells(data_return: DataReturn) -> list[tuple[Indicator, dt.date]]:
    """Every (indicator, period) the return should hold, in catalogue order."""
    indicators = Indicator.objects.active().filter(
        agency_id=data_return.agency_id, source=Source.RETURN
    )
    return [
        (indicator, start)
        for indicator in indicators
        for start in periods.in_quarter(data_return.quarter_start, indicator.frequency)
    ]


@transaction.atomic
def submission_create(
    *,
    data_return: DataReturn,
    figures: Iterable[Figure],
    channel: str,
    user: Any = None,
    token: Any = None,
    filename: str = "",
    note: str = "",
    submitted_at: dt.datetime | None = None,
) -> Submission:
    """Accept a validated set of figures as the next version of the return."""
    figures = list(figures)
    codes = {figure.indicator for figure in figures}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    unknown = codes - indicators.keys()
    if unknown:
        raise ValueError(f"Unknown indicator codes: {', '.join(sorted(unknown))}")
    last = (
        Submission.objects.select_for_update()
        .filter(data_return=data_return)
        .aggregate(last=Max("version"))["last"]
    )
    submission = Submission.objects.create(
        data_return=data_return,
        version=(last or 0) + 1,
        channel=channel,
        submitted_by=user if getattr(user, "is_authenticated", False) else None,
        token=token,
        submitted_at=submitted_at or timezone.now(),
        filename=filename[:255],
        note=note,
    )
    Observation.objects.bulk_create(
        Observation(
            submission=submission,
            indicator=indicators[figure.indicator],
            period_start=figure.period_start,
            value=figure.value,
            numerator=figure.numerator,
            denominator=figure.denominator,
            missing_reason=figure.missing_reason,
        )
        for figure in figures
    )
    series_store(
        [(indicators[f.indicator], f) for f in figures],
        source=Source.RETURN,
        submission=submission,
    )
    return submission


def series_store(
    pairs: Iterable[tuple[Indicator, Figure]],
    *,
    source: str,
    submission: Submission | None = None,
    snapshot: str = "",
) -> int:
    """Make each figure the current value of its indicator and period; returns how many."""
    pairs = list(pairs)
    if not pairs:
        return 0
    existing = {
        (v.indicator_id, v.period_start): v
        for v in SeriesValue.objects.filter(
            indicator__in={i.pk for i, _ in pairs},
            period_start__in={f.period_start for _, f in pairs},
        )
    }
    new: list[SeriesValue] = []
    changed: list[SeriesValue] = []
    for indicator, figure in pairs:
        row = existing.get((indicator.pk, figure.period_start)) or SeriesValue(
            indicator=indicator, period_start=figure.period_start
        )
        row.value = figure.value
        row.numerator = figure.numerator
        row.denominator = figure.denominator
        row.missing_reason = figure.missing_reason
        row.source = source
        row.submission = submission
        row.snapshot = snapshot
        row.updated_at = timezone.now()
        (changed if row.pk else new).append(row)
    SeriesValue.objects.bulk_create(new)
    SeriesValue.objects.bulk_update(
        changed,
        [
            "value",
            "numerator",
            "denominator",
            "missing_reason",
            "source",
            "submission",
            "snapshot",
            "updated_at",
        ],
    )
    return len(pairs)


def submission_changes(submission: Submission) -> list[Change]:
    """What this version changed from the one before (empty for a first submission)."""
    previous = (
        Submission.objects.filter(
            data_return_id=submission.data_return_id, version__lt=submission.version
        )
        .order_by("-version")
        .first()
    )
    if previous is None:
        return []

    def cells(sub: Submission) -> dict[tuple[int, dt.date], Observation]:
        return {
            (o.indicator_id, o.period_start): o
            for o in sub.observations.select_related("indicator")
        }

    before, after = cells(previous), cells(submission)
    changes = []
    for cell in sorted(before.keys() | after.keys(), key=lambda c: (c[0], c[1])):
        old, new = before.get(cell), after.get(cell)
        old_pair = (old.value, old.missing_reason) if old else (None, "")
        new_pair = (new.value, new.missing_reason) if new else (None, "")
        if old_pair == new_pair:
            continue
        indicator = (new or old).indicator  # type: ignore[union-attr]
        changes.append(
            Change(indicator, cell[1], old_pair[0], new_pair[0], old_pair[1], new_pair[1])
        )
    changes.sort(key=lambda c: (c.indicator.order, c.indicator.name, c.period_start))
    return changes


def catalogue_load_starter() -> tuple[int, int]:
    """Add the starter catalogue's indicators that are not there yet; returns (added, kept).

    An indicator already in the catalogue (by code) is left as the partnership edited it. Each new
    one is given the agency the demo names if there is one by that short name, else the first
    active agency of its sector (statutory partners first); and tagged with every priority whose
    title mentions one of its themes.
    """
    from scrutineer.partnership.models import Priority

    from .starter import STARTER

    have = set(Indicator.objects.values_list("code", flat=True))
    agencies = list(Agency.objects.filter(active=True))
    by_short = {a.short_name: a for a in agencies if a.short_name}
    priorities = list(Priority.objects.filter(active=True))
    added = 0
    for order, entry in enumerate(STARTER, start=1):
        if entry.code in have:
            continue
        agency = by_short.get(entry.agency) or next(
            (a for a in agencies if a.sector == entry.sector), None
        )
        indicator = Indicator.objects.create(
            code=entry.code,
            name=entry.name,
            definition=entry.definition,
            agency=agency,
            sector=entry.sector,
            unit=entry.unit,
            numerator=entry.numerator,
            denominator=entry.denominator,
            polarity=entry.polarity,
            frequency=entry.frequency,
            benchmark_code=entry.benchmark,
            target=None if entry.target is None else Decimal(str(entry.target)),
            order=order * 10,
        )
        tags = [p for p in priorities if any(t in p.title.lower() for t in entry.themes)]
        indicator.priorities.set(tags)
        added += 1
    return added, len(have)
