"""Publishing: the indicators computed from a snapshot become series in the trends catalogue.

``publish_snapshot(snapshot=...)`` runs the indicator engine over a snapshot's reporting years
and stores each month's value as a trends series value with ``source="casedata"`` and the
snapshot's id, so the overview and indicator pages show them, with where they came from, beside
the agencies' returns.

Decisions, kept simple (docs/casedata.md, "Publishing"):

- **Codes.** Each engine code gets a catalogue indicator of its own, made on first publication
  (name and definition from the engine, source "Computed from case-level data", no agency).
  When the code is already taken by an indicator that another source supplies (the starter
  catalogue's ``referrals`` is the council's monthly return, and its monthly rates are over 12
  months where the engine's are over the month), the computed one is published as
  ``<code>_cd`` instead, so that two definitions never share a series. An indicator the
  partnership has since edited keeps its edits: only values are written on later runs.
- **Which.** Every monthly engine indicator except the factor shares split by whom the factor
  concerns (``factor_domestic_abuse_child_pct`` and the like: 18 more lines in the catalogue that
  nobody reads month by month; they stay in ``scrutineer casedata indicators``).
  Indicators defined only by year (``cpp_2yr_pct``) are published as annual series.
- **Rates** need the ONS population of the local authority at mid-year Y-1
  (``trends.models.Population``); for a year without one no rate is stored, only counts and
  percentages. A monthly rate is the month's count per 10,000 children.
- **Years.** The reporting years in which at least half as many referrals start as in the
  busiest one: a census carries the history of episodes still open (a few referrals from years
  before), which are not years of the return.

Running it again for the same snapshot rewrites the same values (idempotent); a newer snapshot
overwrites the months it covers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction

from scrutineer.core.accesslog import record_access
from scrutineer.partnership.models import Sector
from scrutineer.trends.models import Indicator, Level, Population, Source
from scrutineer.trends.models.catalogue import FrequencyChoice, Polarity, Unit
from scrutineer.trends.services import Figure, series_store

from . import store
from .engine import INDICATORS, compute, from_parquet
from .engine import Indicator as EngineIndicator
from .engine.indicators import COUNT, DAYS, PERCENT, RATE, STOCKS
from .models import Snapshot

SUFFIX = "_cd"
ORDER_FROM = 500  # after the starter catalogue, which numbers from 1
_BY_WHOM = re.compile(
    r"^factor_(alcohol_misuse|drug_misuse|domestic_abuse|mental_health|learning_disability"
    r"|physical_disability)_(child|parent|person)_pct$"
)
UNITS = {COUNT: Unit.COUNT, PERCENT: Unit.PERCENTAGE, RATE: Unit.RATE_10K, DAYS: Unit.DAYS}
#: Which way is better, where one way is (the rest are neutral: more referrals is not worse).
POLARITY = {
    "rereferral_pct": Polarity.DOWN,
    "assessment_45wd_pct": Polarity.UP,
    "assessment_45wd_from_referral_pct": Polarity.UP,
    "assessment_median_wd": Polarity.DOWN,
    "icpc_15wd_pct": Polarity.UP,
    "cpp_repeat_pct": Polarity.DOWN,
    "cpp_2yr_pct": Polarity.DOWN,
    "cp_reviews_on_time_pct": Polarity.UP,
}
NOTHING_TO_DIVIDE = "Nothing to divide by: no cases in the period"


def published_codes() -> list[str]:
    """The engine codes that publishing puts in the catalogue, in the engine's order."""
    return [code for code in INDICATORS if not _BY_WHOM.match(code)]


def _name(ind: EngineIndicator) -> str:
    # A stock's monthly value is the number open at the month's end, not at 31 March.
    if ind.facts in STOCKS and ind.monthly:
        return ind.title.replace("at 31 March", "at the end of the month")
    return ind.title


def catalogue_indicator(ind: EngineIndicator, order: int) -> Indicator:
    """The catalogue's indicator for an engine code: found, or made (see the module's note)."""
    existing = Indicator.objects.filter(code=ind.code).first()
    if existing is not None and existing.source == Source.CASEDATA:
        return existing
    code = ind.code if existing is None else f"{ind.code}{SUFFIX}"
    found = Indicator.objects.filter(code=code).first()
    if found is not None:
        return found
    return Indicator.objects.create(
        code=code,
        name=_name(ind),
        definition=(ind.definition or ind.title).strip(),
        agency=None,
        sector=Sector.LOCAL_AUTHORITY,
        unit=UNITS[ind.unit],
        polarity=POLARITY.get(ind.code, Polarity.NEUTRAL),
        frequency=FrequencyChoice.MONTHLY if ind.monthly else FrequencyChoice.ANNUAL,
        source=Source.CASEDATA,
        order=ORDER_FROM + order,
    )


def reporting_years(tables: dict[str, Any], backend: Any) -> list[int]:
    """The snapshot's reporting years (2025 is April 2024 to March 2025): see the module's note."""
    r = tables["referrals"]
    r = r.filter(r.referral_date.notnull())
    r = r.mutate(year=r.referral_date.year() + (r.referral_date.month() >= 4).cast("int32"))
    counts = backend.to_pyarrow(r.group_by("year").aggregate(n=r.count())).to_pylist()
    if not counts:
        return []
    busiest = max(row["n"] for row in counts)
    return sorted(int(row["year"]) for row in counts if 2 * row["n"] >= busiest)


def population(la: str, years: Iterable[int]) -> dict[int, int]:
    """The ONS population aged 0-17 of the local authority by mid-year, for rates."""
    mids = [y - 1 for y in years]
    return dict(
        Population.objects.filter(
            level=Level.LOCAL_AUTHORITY, area_code=la, mid_year__in=mids
        ).values_list("mid_year", "population")
    )


def _decimal(value: float | int) -> Decimal:
    return Decimal(str(round(float(value), 4)))


def _figures(
    result: Any, ind: EngineIndicator, years: Sequence[int]
) -> list[tuple[dt.date, Decimal | None, str]]:
    """(period start, value, reason it is missing) for one engine indicator."""
    if ind.monthly:
        cells = [(dt.date.fromisoformat(f"{m}-01"), v) for m, v in sorted(result.months.items())]
    else:
        cells = [(dt.date(y - 1, 4, 1), result.years.get(y, {})) for y in years]
    out: list[tuple[dt.date, Decimal | None, str]] = []
    for start, values in cells:
        if ind.code not in values:
            continue
        value = values[ind.code]
        if value is None:
            if ind.unit == RATE:
                continue  # no population that year: rates are not published
            out.append((start, None, NOTHING_TO_DIVIDE))
        else:
            out.append((start, _decimal(value), ""))
    return out


def publish_snapshot(
    *, snapshot: Snapshot, years: Sequence[int] | None = None, user: Any = None
) -> int:
    """Compute the snapshot's indicators by month and store them as trends series; returns how
    many values were stored. Reads the case-level data, so it is written to the access log."""
    import ibis

    from scrutineer.core.calendar import statutory_calendar

    backend = ibis.duckdb.connect()
    tables = from_parquet(store.tables(snapshot), backend)
    years = sorted(years) if years else reporting_years(tables, backend)
    if not years:
        return 0
    people = population(snapshot.la, years)
    result = compute(
        tables,
        years=years,
        population=people or None,
        calendar=statutory_calendar(),
        backend=backend,
    )
    stored = 0
    with transaction.atomic():
        for order, code in enumerate(published_codes()):
            ind = INDICATORS[code]
            figures = _figures(result, ind, years)
            if not figures:
                continue
            target = catalogue_indicator(ind, order)
            pairs = [
                (target, Figure(target.code, start, value, missing_reason=why))
                for start, value, why in figures
            ]
            stored += series_store(pairs, source=Source.CASEDATA, snapshot=str(snapshot.pk))
    record_access(
        None,
        action="read",
        object_type="casedata.snapshot",
        object_id=str(snapshot.pk),
        description=f"Indicators for {', '.join(map(str, years))} published to trends",
        user=user,
    )
    return stored
