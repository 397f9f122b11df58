"""Benchmarks: a local authority's published figures beside England, its region and its
statistical neighbours, with its rank and quartile band among all local authorities.

The figures come from the DfE's tables (``benchmarks_import``, re-exported here from
``benchmarks_import.py``). The comparison follows the DfE's Local Authority Interactive Tool
(LAIT; the rule as coded in dfe-analytical-services/local-authority-interactive-tool,
``R/fn_helper_functions.R``: ``calculate_rank`` and ``calculate_quartile_band``):

- **Rank** among every local authority with a figure that year (suppressed and unavailable
  figures are not ranked), ties sharing the best rank ("min" ties). Where higher is better
  (polarity ``up``) the highest value is rank 1; where lower is better (``down``) the lowest is.
- **Quartile band**: the quartiles of all local authorities' figures that year (R's default
  ``quantile``, type 7: linear interpolation), band A the best quarter. For ``down``: A up to
  and including the lower quartile, B up to the median, C up to the upper quartile, D above.
  For ``up``: D up to and including the lower quartile, C up to the median, B up to the upper
  quartile, A above it.
- Ranks and bands are taken on the figures as the DfE publishes them (rounded to 1 decimal
  place, the children-looked-after rate and counts to whole numbers), as LAIT ranks the
  published figures, so equal published figures share a rank.
- **Neutral** measures (neither higher nor lower is better, like the referral rate): LAIT shows
  no rank or band for them. Scrutineer ranks them as a position, lowest = 1 and A = the lowest
  quarter, so the table says where the area sits; pages must not colour it as good or bad
  (``measure_polarity`` says which measures are neutral).
- Polarity is the starter catalogue's (``trends/starter.py``) for the same code, else neutral.
- **Statistical neighbours' mean**: the mean of the neighbours' figures that year, leaving out
  any neighbour without one (as LAIT does). The model is the newest DfE model not later than the
  year (the 2025 model for 2025 onwards, the 2021 model before), or, for an authority that only
  one model knows (Cumberland, formed in 2023, is only in the 2025 model), that model.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.db.models import Max

from . import dfe
from .benchmarks_import import BenchmarkImportError, ImportReport, benchmarks_import
from .models import BenchmarkValue, LocalAuthority, StatisticalNeighbour
from .starter import STARTER

__all__ = [
    "MEASURES",
    "BenchmarkImportError",
    "BenchmarkSummary",
    "ImportReport",
    "benchmark_history",
    "benchmark_measures",
    "benchmark_neighbours",
    "benchmark_summary",
    "benchmark_years",
    "benchmarks_import",
    "choose_model",
    "measure_label",
    "measure_polarity",
    "quartile_band",
    "rank_of",
]

# The domain's benchmarked measures (../shared/domain.md section 6), in the order pages show
# them; the assessment factors (factor_<name>_pct) follow, from whatever the c3 file holds.
MEASURES: tuple[str, ...] = (
    "referrals",
    "referral_rate",
    "rereferral_pct",
    "nfa_pct",
    "not_in_need_pct",
    "cin_31mar",
    "cin_rate",
    "cpp_started",
    "cpp_start_rate",
    "cpp_repeat_pct",
    "cpp_31mar",
    "cpp_rate",
    "cpp_2yr_pct",
    "cla_31mar",
    "cla_rate",
)
LABELS = {
    "referrals": "Referrals",
    "referral_rate": "Referrals per 10,000 children",
    "rereferral_pct": "Re-referrals within 12 months (%)",
    "nfa_pct": "Referrals with no further action (%)",
    "not_in_need_pct": "Assessed as not in need (%)",
    "cin_31mar": "Children in need at 31 March",
    "cin_rate": "Children in need per 10,000 children",
    "cpp_started": "Child protection plans starting",
    "cpp_start_rate": "Child protection plans starting per 10,000 children",
    "cpp_repeat_pct": "Second or subsequent child protection plans (%)",
    "cpp_31mar": "Child protection plans at 31 March",
    "cpp_rate": "Child protection plans at 31 March per 10,000 children",
    "cpp_2yr_pct": "Child protection plans open 2 years or more (%)",
    "cla_31mar": "Children looked after at 31 March",
    "cla_rate": "Children looked after per 10,000 children",
}
_POLARITY = {entry.code: entry.polarity for entry in STARTER}


@dataclass(frozen=True)
class BenchmarkSummary:
    code: str
    year: int
    value: float | None
    england: float | None
    region: float | None
    neighbours_mean: float | None
    rank: int | None
    of: int
    quartile: str | None
    marker: str  # the DfE marker when value is missing, else ""


def measure_polarity(code: str) -> str:
    """``up`` (higher is better), ``down`` (lower is better) or ``neutral``."""
    return _POLARITY.get(code, "neutral")


def measure_label(code: str) -> str:
    if code in LABELS:
        return LABELS[code]
    if code.startswith("factor_") and code.endswith("_pct"):
        words = code.removeprefix("factor_").removesuffix("_pct").replace("_", " ")
        return f"Assessment factor: {words} (%)"
    return code


def benchmark_measures() -> list[str]:
    """Every benchmarked code with data: the domain measures, then the assessment factors."""
    factors = sorted(
        BenchmarkValue.objects.filter(measure__startswith="factor_", measure__endswith="_pct")
        .values_list("measure", flat=True)
        .distinct()
    )
    return [*MEASURES, *factors]


def benchmark_years(*, la_code: str) -> list[int]:
    """The years with any figure for the local authority, newest first."""
    return list(
        BenchmarkValue.objects.filter(level="la", area_code=la_code)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )


# ---- the LAIT rule, pure ------------------------------------------------------------------


def _shown(value: Decimal, code: str) -> Decimal:
    return dfe.round_half_up(Fraction(value), dfe.places(code))


def rank_of(value: Decimal, values: Sequence[Decimal], polarity: str) -> int:
    """1 + the number of figures strictly better than ``value`` (ties share the best rank)."""
    if polarity == "up":
        return 1 + sum(1 for other in values if other > value)
    return 1 + sum(1 for other in values if other < value)


def _quantile(ordered: Sequence[Decimal], p: Fraction) -> Fraction:
    """R's default quantile (type 7): linear interpolation between order statistics."""
    h = (len(ordered) - 1) * p
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return Fraction(ordered[low]) + (h - low) * (Fraction(ordered[high]) - Fraction(ordered[low]))


def quartile_band(value: Decimal, values: Sequence[Decimal], polarity: str) -> str:
    """Band A to D as LAIT gives it; see the module docstring."""
    ordered = sorted(values)
    q1, q2, q3 = (_quantile(ordered, Fraction(k, 4)) for k in (1, 2, 3))
    position = 0 if value <= q1 else 1 if value <= q2 else 2 if value <= q3 else 3
    return "DCBA"[position] if polarity == "up" else "ABCD"[position]


def choose_model(models: Iterable[int], year: int) -> int | None:
    """The newest neighbour model not later than ``year``, else the oldest there is."""
    available = sorted(set(models))
    if not available:
        return None
    earlier = [model for model in available if model <= year]
    return earlier[-1] if earlier else available[0]


# ---- comparisons --------------------------------------------------------------------------


@dataclass
class _Year:
    """Every area's figure for one measure and year: LA code -> (value, marker), and so on."""

    authorities: dict[str, tuple[Decimal | None, str]]
    regions: dict[str, Decimal | None]
    england: Decimal | None


def _gather(
    rows: Iterable[tuple[str, int, str, str, Decimal | None, str]],
) -> dict[tuple[str, int], _Year]:
    found: dict[tuple[str, int], _Year] = defaultdict(lambda: _Year({}, {}, None))
    for measure, year, level, area, value, marker in rows:
        entry = found[(measure, year)]
        if level == "la":
            entry.authorities[area] = (value, marker)
        elif level == "regional":
            entry.regions[area] = value
        elif area == dfe.ENGLAND:
            entry.england = value
    return found


def _neighbour_models(authority: LocalAuthority) -> dict[int, list[str]]:
    models: dict[int, list[str]] = defaultdict(list)
    links = StatisticalNeighbour.objects.filter(authority=authority).values_list(
        "model", "neighbour__code"
    )
    for model, code in links:
        models[model].append(code)
    return models


def _summary(
    code: str, year: int, entry: _Year, authority: LocalAuthority, models: dict[int, list[str]]
) -> BenchmarkSummary | None:
    if authority.code not in entry.authorities:
        return None
    value, marker = entry.authorities[authority.code]
    model = choose_model(models, year)
    neighbour_values: list[Decimal] = []
    for neighbour in models[model] if model is not None else []:
        figure = entry.authorities.get(neighbour, (None, ""))[0]
        if figure is not None:
            neighbour_values.append(figure)
    published = [_shown(v, code) for v, _ in entry.authorities.values() if v is not None]
    polarity = measure_polarity(code)
    rank = quartile = None
    if value is not None and published:
        shown = _shown(value, code)
        rank, quartile = (
            rank_of(shown, published, polarity),
            quartile_band(shown, published, polarity),
        )
    return BenchmarkSummary(
        code=code,
        year=year,
        value=_float(value),
        england=_float(entry.england),
        region=_float(entry.regions.get(authority.region_code)),
        neighbours_mean=float(sum(neighbour_values) / len(neighbour_values))
        if neighbour_values
        else None,
        rank=rank,
        of=len(published),
        quartile=quartile,
        marker="" if value is not None else (marker or "x"),
    )


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


FIELDS = ("measure", "year", "level", "area_code", "value", "marker")


def benchmark_summary(
    *, la_code: str, codes: Iterable[str], year: int | None = None
) -> dict[str, BenchmarkSummary]:
    """Each code's comparison for the local authority in ``year`` (or, when ``year`` is None,
    in the latest year the authority has a figure for that code). Codes without a figure for
    the authority are absent. Four queries, whatever the number of codes."""
    wanted = list(dict.fromkeys(codes))
    authority = LocalAuthority.objects.filter(code=la_code).first()
    if authority is None or not wanted:
        return {}
    own = BenchmarkValue.objects.filter(level="la", area_code=la_code, measure__in=wanted)
    if year is None:
        years = dict(
            own.values("measure").annotate(latest=Max("year")).values_list("measure", "latest")
        )
    else:
        years = dict.fromkeys(wanted, year)
    if not years:
        return {}
    rows = BenchmarkValue.objects.filter(measure__in=list(years), year__in=set(years.values()))
    found = _gather(rows.values_list(*FIELDS))
    models = _neighbour_models(authority)
    result: dict[str, BenchmarkSummary] = {}
    for code in wanted:
        if code not in years or (code, years[code]) not in found:
            continue
        summary = _summary(code, years[code], found[(code, years[code])], authority, models)
        if summary is not None:
            result[code] = summary
    return result


def benchmark_history(*, la_code: str, code: str) -> list[BenchmarkSummary]:
    """The code's comparison for the local authority in every year it has a figure, oldest
    first. Three queries."""
    authority = LocalAuthority.objects.filter(code=la_code).first()
    if authority is None:
        return []
    found = _gather(BenchmarkValue.objects.filter(measure=code).values_list(*FIELDS))
    models = _neighbour_models(authority)
    history = [
        _summary(code, year, entry, authority, models)
        for (_, year), entry in sorted(found.items(), key=lambda item: item[0][1])
    ]
    return [summary for summary in history if summary is not None]


def benchmark_neighbours(*, la_code: str, year: int) -> tuple[int | None, list[LocalAuthority]]:
    """The DfE model used for ``year`` and the neighbours it names, closest first."""
    links = list(
        StatisticalNeighbour.objects.filter(authority__code=la_code)
        .select_related("neighbour")
        .order_by("model", "rank")
    )
    model = choose_model({link.model for link in links}, year)
    return model, [link.neighbour for link in links if link.model == model]
