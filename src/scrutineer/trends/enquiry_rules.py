"""What makes a suggested line of enquiry, and how it is worded: pure rules over plain data.

Three kinds of evidence raise a question (issue 3, item 5):

* a **special-cause signal** in the latest points of a series that is *concerning* (or, for a
  neutral indicator, any special cause): ``signal_proposal``;
* an **adverse gap against the benchmark**: the partnership's published figure worse than its
  statistical neighbours' mean by more than a set share, or in the worst quartile (D):
  ``benchmark_proposal``;
* a **missing return**: an agency's return past its due date with nothing submitted:
  ``missing_return_proposal``.

Each returns a ``Proposal`` (or None): the words to show, the evidence to keep, and a ``key``
that names the signal, so that the same signal never makes a second suggestion. No Django
here: ``enquiries`` reads the database, calls these and writes what they propose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from . import periods
from .enquiry_words import (
    PERIOD_WORDS,
    count,
    is_plural,
    number,
    period_label,
    possessive,
    sentence_start,
    span,
    year_label,
)
from .spc import Polarity, Rule, SpcPoint, SpcResult

#: How many of a series' latest points count as "recent": the periods one quarterly return
#: brings (three months, one quarter, or the year in the January to March return). A run that
#: ended inside them is still news when the return that showed it has just arrived.
RECENT_POINTS = {"monthly": 3, "quarterly": 1, "annual": 1}

#: The default for ``SUGGEST_BENCHMARK_GAP_PCT``.
BENCHMARK_GAP_PCT = 20.0


RULE_LABELS = {
    Rule.OUTSIDE_LIMITS: "a point beyond a process limit",
    Rule.TREND: "a run of 7 points all rising or all falling",
    Rule.TWO_OF_THREE: "2 of 3 points near or beyond a process limit",
    Rule.SHIFT: "7 or more points on one side of the average",
}

CONCERN_QUESTION = "what is driving this and what is being done?"
NEUTRAL_QUESTION = "what is driving this, and is it what partners expected?"


class Kind:
    SIGNAL = "signal"
    BENCHMARK = "benchmark"
    MISSING_RETURN = "missing_return"


@dataclass(frozen=True)
class IndicatorFacts:
    """What the wording needs to know about an indicator (a plain copy of the model's fields)."""

    code: str
    name: str
    unit: str = "count"
    polarity: str = "neutral"
    frequency: str = "monthly"
    decimals: int = 1
    agency_id: int | None = None


@dataclass(frozen=True)
class Proposal:
    """A suggestion the evidence supports, before it is saved."""

    key: str
    kind: str
    text: str
    evidence: dict[str, Any] = field(default_factory=dict)
    indicator_code: str | None = None
    agency_id: int | None = None


@dataclass(frozen=True)
class Run:
    """Consecutive points that one rule flags in one direction (+1 high or rising, -1 low or
    falling)."""

    rule: Rule
    direction: int
    points: tuple[SpcPoint, ...]
    first_index: int
    last_index: int

    @property
    def window(self) -> int:
        """How many consecutive periods the run spans (for 2 of 3, the points inside 2 sigma
        between flagged ones included)."""
        return self.last_index - self.first_index + 1


# --- signals ----------------------------------------------------------------------------------


def _rule_direction(rule: Rule, points: Sequence[SpcPoint], i: int) -> int:
    """The direction in which ``rule`` flags point ``i`` (0 when it does not): the side of a
    limit or of the mean, or for a trend the direction of its steps. A point at the turn between
    a rising and a falling trend takes the later trend's direction, as the SPC engine does."""
    point = points[i]
    if rule not in point.rules:
        return 0
    if rule is Rule.OUTSIDE_LIMITS:
        return 1 if point.upper is not None and point.value > point.upper else -1
    if rule is Rule.TREND:
        after = points[i + 1] if i + 1 < len(points) else None
        if after is not None and Rule.TREND in after.rules and after.mean == point.mean:
            return 1 if after.value > point.value else -1
        return 1 if point.value > points[i - 1].value else -1
    return 1 if point.value > point.mean else -1


def runs(result: SpcResult) -> list[Run]:
    """Every run of every rule, oldest first within each rule.

    A run is the points one rule flags in one direction, one after another, inside one segment
    of the chart (limits re-based at a known change start a new segment). For 2 of 3 the point
    inside 2 sigma between two flagged ones does not break the run: it is part of the window.
    """
    points = result.points
    found: list[Run] = []
    for rule in (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT):
        gap = 2 if rule is Rule.TWO_OF_THREE else 1
        current: list[int] = []
        direction = 0
        for i in range(len(points)):
            sign = _rule_direction(rule, points, i)
            if not sign:
                continue
            joins = (
                current
                and sign == direction
                and i - current[-1] <= gap
                and points[current[-1]].mean == points[i].mean
            )
            if not joins:
                if current:
                    found.append(_run(rule, direction, points, current))
                current, direction = [], sign
            current.append(i)
        if current:
            found.append(_run(rule, direction, points, current))
    return found


def _run(rule: Rule, direction: int, points: Sequence[SpcPoint], indexes: list[int]) -> Run:
    return Run(rule, direction, tuple(points[i] for i in indexes), indexes[0], indexes[-1])


def concerning(direction: int, polarity: Polarity | str) -> bool:
    """A signal is concerning when it points the worse way; for a neutral indicator every
    special cause is worth a question."""
    polarity = Polarity(polarity)
    return polarity is Polarity.NEUTRAL or direction * polarity.sign < 0


def candidate_runs(result: SpcResult, facts: IndicatorFacts) -> list[Run]:
    """Concerning runs that reach into the recent points (``RECENT_POINTS``), in the order in
    which they are chosen (``current_signal``)."""
    recent_from = len(result.points) - RECENT_POINTS.get(facts.frequency, 1)
    order = {rule: k for k, rule in enumerate(Rule)}
    found = [
        run
        for run in runs(result)
        if run.last_index >= recent_from and concerning(run.direction, facts.polarity)
    ]
    return sorted(found, key=lambda run: (run.first_index, order[run.rule]))


def current_signal(result: SpcResult, facts: IndicatorFacts) -> Run | None:
    """The one run worth a question now, or None.

    Of the candidate runs, the one that began first wins (the strongest rule breaking a tie:
    beyond a limit, trend, 2 of 3, shift). A run keeps its first period as it grows, so the
    question about a deterioration keeps its key while it lasts, even when a stronger rule
    joins in later (a slow fall that finally crosses the lower limit is still the same fall);
    a new suggestion comes only when a new run starts after the old one ended.
    """
    found = candidate_runs(result, facts)
    return found[0] if found else None


def signal_key(facts: IndicatorFacts, run: Run) -> str:
    return f"signal:{facts.code}:{run.rule}:{run.points[0].period}"


def signal_text(facts: IndicatorFacts, run: Run, *, ongoing: bool) -> str:
    """The suggestion in plain words, quoting the evidence."""
    name = sentence_start(facts.name)
    plural = is_plural(facts.name)
    has = "have" if plural else "has"
    was = "were" if plural else "was"
    freq = facts.frequency
    first, last = run.points[0], run.points[-1]
    n = len(run.points)
    when = span(first.period, last.period, freq)
    high = run.direction > 0

    def fig(value: float) -> str:
        return number(value, facts.unit, facts.decimals)

    question = (
        NEUTRAL_QUESTION if Polarity(facts.polarity) is Polarity.NEUTRAL else CONCERN_QUESTION
    )
    limit = last.upper if high else last.lower
    limit_words = "above the upper process limit" if high else "below the lower process limit"

    if run.rule is Rule.OUTSIDE_LIMITS:
        against = f" against a limit of {fig(limit)}" if limit is not None else ""
        if n == 1:
            verb = f"{has} gone" if ongoing else "went"
            return f"{name} {verb} {limit_words} in {when} ({fig(last.value)}{against}); {question}"
        verb = f"{has} been" if ongoing else was
        return (
            f"{name} {verb} {limit_words} for {count(n, freq)} "
            f"({when}, latest {fig(last.value)}{against}); {question}"
        )
    if run.rule is Rule.TREND:
        moved = ("risen" if high else "fallen") if ongoing else ("rose" if high else "fell")
        verb = f"{has} {moved}" if ongoing else moved
        step = PERIOD_WORDS[freq][2]
        return (
            f"{name} {verb} {step} for {count(n, freq)} "
            f"({when}, from {fig(first.value)} to {fig(last.value)}); {question}"
        )
    if run.rule is Rule.TWO_OF_THREE:
        side = "upper" if high else "lower"
        verb = f"{has} been" if ongoing else was
        flagged = ("latest " if n > 3 else "") + ", ".join(
            f"{period_label(p.period, freq)} at {fig(p.value)}" for p in run.points[-3:]
        )
        against = f"; the limit is {fig(limit)}" if limit is not None else ""
        return (
            f"{name} {verb} close to or beyond the {side} process limit in {count(n, freq)} "
            f"out of {run.window} ({flagged}{against}); {question}"
        )
    verb = f"{has} been" if ongoing else was
    return (
        f"{name} {verb} {'above' if high else 'below'} the average for {count(n, freq)} in a row "
        f"({when}, latest {fig(last.value)} against an average of {fig(last.mean)}); {question}"
    )


def signal_evidence(
    facts: IndicatorFacts, run: Run, *, ongoing: bool, also: Sequence[Rule] = ()
) -> dict[str, Any]:
    return {
        "rule": str(run.rule),
        "rule_label": RULE_LABELS[run.rule],
        "direction": "high" if run.direction > 0 else "low",
        "polarity": facts.polarity,
        "frequency": facts.frequency,
        "unit": facts.unit,
        "ongoing": ongoing,
        "also": [RULE_LABELS[rule] for rule in also],
        "points": [
            {
                "period": p.period,
                "label": period_label(p.period, facts.frequency),
                "value": p.value,
                "mean": p.mean,
                "lower": p.lower,
                "upper": p.upper,
            }
            for p in run.points
        ],
    }


def signal_proposal(facts: IndicatorFacts, result: SpcResult | None) -> Proposal | None:
    """The suggestion a series' chart makes now, if any."""
    if result is None or not result.points:
        return None
    found = candidate_runs(result, facts)
    if not found:
        return None
    run = found[0]
    also = sorted({other.rule for other in found[1:]} - {run.rule}, key=list(Rule).index)
    ongoing = run.last_index == len(result.points) - 1
    return Proposal(
        key=signal_key(facts, run),
        kind=Kind.SIGNAL,
        text=signal_text(facts, run, ongoing=ongoing),
        evidence=signal_evidence(facts, run, ongoing=ongoing, also=also),
        indicator_code=facts.code,
        agency_id=facts.agency_id,
    )


# --- benchmarks -------------------------------------------------------------------------------


class BenchmarkFigures(Protocol):
    """The fields of ``trends.benchmarks.BenchmarkSummary`` that the rule reads (read-only, so
    a summary with narrower types fits)."""

    @property
    def code(self) -> str: ...
    @property
    def year(self) -> int | None: ...
    @property
    def value(self) -> Any: ...
    @property
    def england(self) -> Any: ...
    @property
    def region(self) -> Any: ...
    @property
    def neighbours_mean(self) -> Any: ...
    @property
    def rank(self) -> int | None: ...
    @property
    def of(self) -> int | None: ...
    @property
    def quartile(self) -> str | None: ...


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def benchmark_gap(
    value: float, neighbours_mean: float | None, polarity: Polarity | str
) -> float | None:
    """How much worse than the statistical neighbours' mean the value is, as a percentage of
    that mean (negative when it is better); None for a neutral indicator or without a mean."""
    polarity = Polarity(polarity)
    if polarity is Polarity.NEUTRAL or neighbours_mean is None or neighbours_mean == 0:
        return None
    return (neighbours_mean - value) / abs(neighbours_mean) * 100 * polarity.sign


def benchmark_proposal(
    facts: IndicatorFacts, summary: BenchmarkFigures | None, *, threshold_pct: float
) -> Proposal | None:
    """A question when the partnership's published figure is worse than its statistical
    neighbours' mean by more than ``threshold_pct`` per cent of that mean (by polarity), or
    in quartile D (the worst quarter of local authorities, oriented by polarity). Neutral
    indicators have no worse side, so they make none."""
    if summary is None or Polarity(facts.polarity) is Polarity.NEUTRAL:
        return None
    value = _float(summary.value)
    if value is None:
        return None
    mean = _float(summary.neighbours_mean)
    gap = benchmark_gap(value, mean, facts.polarity)
    reasons = []
    if gap is not None and gap > threshold_pct:
        reasons.append("neighbours_gap")
    if (summary.quartile or "").upper() == "D":
        reasons.append("quartile_d")
    if not reasons:
        return None

    def fig(x: float) -> str:
        return number(x, facts.unit, facts.decimals)

    name = sentence_start(facts.name)
    was = "were" if is_plural(facts.name) else "was"
    context = []
    england = _float(summary.england)
    if england is not None:
        context.append(f"England {fig(england)}")
    if summary.rank is not None and summary.of is not None:
        context.append(f"rank {summary.rank} of {summary.of}")
    if summary.quartile:
        context.append(f"quartile {summary.quartile.upper()}")
    where = f" ({', '.join(context)})" if context else ""
    text = f"{name} {was} {fig(value)} in {year_label(summary.year)}"
    if "neighbours_gap" in reasons and mean is not None and gap is not None:
        direction = "higher" if value > mean else "lower"
        text += (
            f", {gap:.0f}% {direction} than the statistical neighbours' average of "
            f"{fig(mean)}{where}; what explains the gap and what is being done?"
        )
    else:
        text += (
            f", in the worst quarter of local authorities in England{where}; "
            "what explains this and what is being done?"
        )
    evidence = {
        "benchmark_code": summary.code,
        "year": summary.year,
        "value": value,
        "england": england,
        "region": _float(summary.region),
        "neighbours_mean": mean,
        "rank": summary.rank,
        "of": summary.of,
        "quartile": summary.quartile,
        "gap_pct": None if gap is None else round(gap, 1),
        "threshold_pct": threshold_pct,
        "reasons": reasons,
        "polarity": facts.polarity,
        "unit": facts.unit,
    }
    return Proposal(
        key=f"benchmark:{facts.code}:{summary.year or 'latest'}",
        kind=Kind.BENCHMARK,
        text=text,
        evidence=evidence,
        indicator_code=facts.code,
        agency_id=facts.agency_id,
    )


# --- missing returns --------------------------------------------------------------------------


def missing_return_proposal(
    *,
    agency_id: int,
    agency_name: str,
    quarter_start: dt.date,
    due_on: dt.date,
    today: dt.date,
    submitted: bool,
    working_days_late: int,
) -> Proposal | None:
    """A question when a return is past its due date and nothing has been submitted for it
    (``DataReturn.is_late``). ``working_days_late`` is counted by the partnership's calendar."""
    if submitted or today <= due_on:
        return None
    quarter = periods.key(quarter_start, "quarterly")
    label = periods.label(quarter_start, "quarterly")
    if working_days_late >= 1:
        late = f"{working_days_late} working day{'s' if working_days_late != 1 else ''} late"
    else:
        late = "less than a working day late"
    text = (
        f"{possessive(agency_name)} return for {label} was due on {due_on.day} "
        f"{due_on:%B %Y} and has not arrived ({late}); what is holding it up, and when will "
        "it arrive?"
    )
    return Proposal(
        key=f"missing_return:{agency_id}:{quarter}",
        kind=Kind.MISSING_RETURN,
        text=text,
        evidence={
            "agency": agency_name,
            "quarter": quarter,
            "quarter_label": label,
            "due_on": due_on.isoformat(),
            "as_of": today.isoformat(),
            "working_days_late": working_days_late,
        },
        agency_id=agency_id,
    )
