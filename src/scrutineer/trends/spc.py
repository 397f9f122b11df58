"""Statistical process control (SPC): NHS England's *Making Data Count* XmR charts.

Pure Python and NumPy, no Django, so pages, imports, commands and the benchmark all share one
engine. The reference implementation is the R package NHSRplotthedots; where we differ from it
on purpose the docstring says so (see ``two_of_three``).

A series is cut into segments at each re-basing period. For each segment:

* the centre line is the mean of its baseline (the whole segment, or its first ``fix_after``
  points when the limits are fixed);
* the process limits are mean ± 2.66 x the mean moving range of the baseline, after moving
  ranges of 3.267 x the mean moving range or more have been screened out and the mean
  recomputed (``screen_outliers``);
* the limits are *trial* limits when the baseline has fewer than 12 points;
* the four special-cause rules run inside the segment, never across a re-basing.

Each rule returns a signed array: 0 for a point it does not flag, +1 or -1 for a flagged point,
the sign saying in which direction the rule points (above or below the mean, or the direction
of a trend). A point's class follows the strongest rule that flags it (see ``classify``).
"""

from __future__ import annotations

import enum
import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Bools = NDArray[np.bool_]
Signs = NDArray[np.int8]

LIMIT = 2.66
"""Process limits sit 2.66 mean moving ranges from the mean (3 sigma: 3 / 1.128)."""
NEAR_LIMIT = LIMIT * 2 / 3
"""2 sigma, two-thirds of the way from the mean to a process limit."""
SCREEN = 3.267
"""A moving range this many times the mean moving range, or more, is screened out."""
RUN = 7
"""Points in a trend or a shift."""
TRIAL_BELOW = 12
"""Limits from fewer points than this are trial limits."""


class Polarity(enum.StrEnum):
    """Which direction is better: higher (``up``), lower (``down``) or neither (``neutral``)."""

    UP = "up"
    DOWN = "down"
    NEUTRAL = "neutral"

    @property
    def sign(self) -> int:
        return {"up": 1, "down": -1, "neutral": 0}[self.value]


class Rule(enum.StrEnum):
    """The special-cause rules, in the order in which they decide a point's class."""

    OUTSIDE_LIMITS = "outside_limits"
    TREND = "trend"
    TWO_OF_THREE = "two_of_three"
    SHIFT = "shift"


class PointClass(enum.StrEnum):
    COMMON_CAUSE = "common_cause"
    IMPROVEMENT = "improvement"
    CONCERN = "concern"
    NEUTRAL_HIGH = "neutral_high"
    NEUTRAL_LOW = "neutral_low"


class Variation(enum.StrEnum):
    """The Making Data Count variation icons, read from the last point."""

    COMMON_CAUSE = "common_cause"
    IMPROVEMENT_HIGH = "improvement_high"
    IMPROVEMENT_LOW = "improvement_low"
    CONCERN_HIGH = "concern_high"
    CONCERN_LOW = "concern_low"
    NEITHER_HIGH = "neither_high"
    NEITHER_LOW = "neither_low"


class Assurance(enum.StrEnum):
    """The Making Data Count assurance icons: will the process meet its target?"""

    PASS = "pass"  # noqa: S105 (an icon, not a password)
    FAIL = "fail"
    HIT_AND_MISS = "hit_and_miss"


class SpcPoint(NamedTuple):
    """One point of a chart. ``lower`` and ``upper`` are None when they cannot be estimated
    (a segment of a single point has no moving range). A named tuple rather than a dataclass:
    a thousand charts make sixty thousand points, and tuples are several times cheaper to
    build."""

    period: str
    value: float
    mean: float
    lower: float | None
    upper: float | None
    rules: tuple[Rule, ...]
    point_class: PointClass
    trial: bool


@dataclass(frozen=True)
class SpcResult:
    points: tuple[SpcPoint, ...]
    variation: Variation
    assurance: Assurance | None

    def as_dict(self) -> dict[str, object]:
        """The JSON shape ``scrutineer spc`` prints."""
        return {
            "points": [
                {
                    "period": p.period,
                    "value": p.value,
                    "mean": p.mean,
                    "lower": p.lower,
                    "upper": p.upper,
                    "rules": [str(rule) for rule in p.rules],
                    "class": str(p.point_class),
                    "trial": p.trial,
                }
                for p in self.points
            ],
            "variation": str(self.variation),
            "assurance": None if self.assurance is None else str(self.assurance),
        }


# --- limits -----------------------------------------------------------------------------------


def process_limits(baseline: Floats, *, screen_outliers: bool = True) -> tuple[float, float]:
    """The centre line and the mean moving range of a baseline: ``(mean, mean_moving_range)``.

    "moving ranges of 3.267 x the mean moving range or more screened out before the limits are
    computed" (issue 3; NHSRplotthedots ``ptd_spc_standard``). A range is kept only when it is
    strictly below 3.267 x the mean, as in NHSRplotthedots. When every moving range is 0 (a flat
    series) nothing is screened: NHSRplotthedots would screen them all and leave no limits.

    The mean is taken as the first value plus the mean of the differences from it, so that a
    constant series has a mean exactly equal to its values (summing 0.1 ten times does not give
    1.0 exactly, and a mean a hair off the points would make a flat line look like a shift).
    The mean moving range is NaN when the baseline has a single point.
    """
    first = baseline[0]
    mean = float(first + np.mean(baseline - first))
    ranges = np.abs(np.diff(baseline))
    if ranges.size == 0:
        return mean, math.nan
    amr = float(ranges.mean())
    if screen_outliers and amr > 0:
        # At least one range is at most the mean, so something is always kept.
        amr = float(ranges[ranges < SCREEN * amr].mean())
    return mean, amr


# --- the rules --------------------------------------------------------------------------------


def _covered(starts: Bools, span: int) -> Bools:
    """Positions covered by a window of ``span`` that starts where ``starts`` is True."""
    out = np.zeros(starts.size + span - 1, dtype=bool)
    for offset in range(span):
        out[offset : offset + starts.size] |= starts
    return out


def _window_sums(mask: Bools, span: int) -> NDArray[np.int64]:
    """How many True values each window of ``span`` consecutive positions holds (a cumulative
    sum: cheaper than NumPy's sliding windows on series this short)."""
    counts = np.concatenate(([0], np.cumsum(mask)))
    return counts[span:] - counts[:-span]


def _in_run(mask: Bools, length: int) -> Bools:
    """True for every position in a run of at least ``length`` consecutive True values."""
    if mask.size < length:
        return np.zeros(mask.size, dtype=bool)
    return _covered(_window_sums(mask, length) == length, length)


def outside_limits(values: Floats, lower: float, upper: float) -> Signs:
    """ "a point beyond a limit" (issue 3, after Making Data Count).

    Beyond means strictly: a point exactly on a limit is inside. +1 above the upper limit,
    -1 below the lower one.
    """
    return (values > upper).astype(np.int8) - (values < lower).astype(np.int8)


def trend(values: Floats) -> Signs:
    """ "a trend of 7 consecutive points all increasing or all decreasing" (issue 3).

    Every point of the trend is flagged, +1 for an increasing trend and -1 for a decreasing
    one: the sign is the trend's direction, whatever side of the mean the points are on.
    Seven points make six steps; a step between equal values is neither a rise nor a fall, so
    it breaks a trend (as in NHSRplotthedots, which takes the sign of each difference). A point
    at the turn between a rising and a falling trend belongs to both; it takes the direction of
    the later trend, as NHSRplotthedots does.
    """
    steps = np.sign(np.diff(values))
    rising_steps = _in_run(steps > 0, RUN - 1)
    falling_steps = _in_run(steps < 0, RUN - 1)
    rising = np.zeros(values.size, dtype=bool)
    falling = np.zeros(values.size, dtype=bool)
    rising[1:] |= rising_steps
    rising[:-1] |= rising_steps
    falling[1:] |= falling_steps
    falling[:-1] |= falling_steps
    next_step = np.append(steps, 0).astype(np.int8)
    return np.where(rising & falling, next_step, rising.astype(np.int8) - falling.astype(np.int8))


def two_of_three(values: Floats, mean: float, mean_moving_range: float) -> Signs:
    """ "2 of 3 consecutive points beyond 2 sigma on the same side of the mean (points beyond
    3 sigma count, as Making Data Count has defined it since November 2023)" (issue 3).

    2 sigma is two-thirds of the way from the mean to a process limit. The points beyond it are
    flagged (+1 high, -1 low); the third point of the window, inside 2 sigma, is not part of
    the signal. Two points beyond 2 sigma on opposite sides of the mean are never a signal.
    The third point may be anywhere, as in the Western Electric rule the method comes from;
    NHSRplotthedots also asks for it to be on the same side of the mean, and (before
    November 2023's change) does not count points beyond the limits.
    """
    high = values > mean + NEAR_LIMIT * mean_moving_range
    low = values < mean - NEAR_LIMIT * mean_moving_range

    def flagged(beyond: Bools) -> Bools:
        if beyond.size < 3:
            return np.zeros(beyond.size, dtype=bool)
        return beyond & _covered(_window_sums(beyond, 3) >= 2, 3)

    return flagged(high).astype(np.int8) - flagged(low).astype(np.int8)


def shift(values: Floats, mean: float) -> Signs:
    """ "7 consecutive points on one side of the mean" (issue 3).

    Every point of the run is flagged, +1 above the mean and -1 below. A point exactly on the
    mean is on neither side, so it breaks a run (as in NHSRplotthedots).
    """
    side = np.sign(values - mean)
    return _in_run(side > 0, RUN).astype(np.int8) - _in_run(side < 0, RUN).astype(np.int8)


RULES = (Rule.OUTSIDE_LIMITS, Rule.TREND, Rule.TWO_OF_THREE, Rule.SHIFT)
RULE_SETS = tuple(
    tuple(rule for k, rule in enumerate(RULES) if code & (1 << k))
    for code in range(1 << len(RULES))
)
"""Every combination of rules, indexed by bit mask, so points share their rules tuples."""


def direction(signals: Signs) -> Signs:
    """The direction of each point's signal: that of the first rule in ``RULES`` to flag it.

    ``signals`` has one row per rule in ``RULES`` order. A point can be flagged by rules that
    disagree (a point above the upper limit at the end of a falling trend); the order is that of
    NHSRplotthedots' ``ptd_special_cause_type``: a point beyond a limit is the plainest evidence,
    a trend is read by its direction before any side of the mean, then 2 of 3, then a shift.
    """
    flagged = signals != 0
    first = flagged.argmax(axis=0)
    return np.where(flagged.any(axis=0), signals[first, np.arange(signals.shape[1])], 0).astype(
        np.int8
    )


def classify(sign: int, polarity: Polarity) -> PointClass:
    """A point's class from its signal's direction: improvement when it points the better way."""
    if sign == 0:
        return PointClass.COMMON_CAUSE
    if polarity is Polarity.NEUTRAL:
        return PointClass.NEUTRAL_HIGH if sign > 0 else PointClass.NEUTRAL_LOW
    return PointClass.IMPROVEMENT if sign * polarity.sign > 0 else PointClass.CONCERN


def variation(sign: int, polarity: Polarity) -> Variation:
    """The series' variation icon, from the direction of its last point's signal (as Making
    Data Count reads the icon from the latest point)."""
    point_class = classify(sign, polarity)
    high = sign > 0
    return {
        PointClass.COMMON_CAUSE: Variation.COMMON_CAUSE,
        PointClass.IMPROVEMENT: Variation.IMPROVEMENT_HIGH if high else Variation.IMPROVEMENT_LOW,
        PointClass.CONCERN: Variation.CONCERN_HIGH if high else Variation.CONCERN_LOW,
        PointClass.NEUTRAL_HIGH: Variation.NEITHER_HIGH,
        PointClass.NEUTRAL_LOW: Variation.NEITHER_LOW,
    }[point_class]


def assurance(
    target: float | None, polarity: Polarity, lower: float | None, upper: float | None
) -> Assurance | None:
    """Will the process meet its target? From the limits of the last point.

    Pass when the target lies outside the limits on the bad side (every value the process is
    expected to give beats it), fail when it lies outside on the good side, hit and miss when
    it lies between the limits or on one. None without a target, for a neutral indicator, or
    when the limits cannot be estimated.
    """
    if target is None or polarity is Polarity.NEUTRAL or lower is None or upper is None:
        return None
    if target < lower:
        return Assurance.PASS if polarity is Polarity.UP else Assurance.FAIL
    if target > upper:
        return Assurance.FAIL if polarity is Polarity.UP else Assurance.PASS
    return Assurance.HIT_AND_MISS


# --- the chart --------------------------------------------------------------------------------


def spc(
    values: Sequence[float],
    periods: Sequence[str],
    *,
    polarity: Polarity | str = Polarity.NEUTRAL,
    target: float | None = None,
    rebase_at: Sequence[str] = (),
    fix_after: int | None = None,
    screen_outliers: bool = True,
) -> SpcResult:
    """An XmR chart of one series, in time order: every point's limits, rules and class, and the
    series' variation and assurance icons.

    ``rebase_at`` names the periods at which a new segment starts (a known change such as a new
    front door); each segment gets its own mean and limits, and no run crosses into it.
    ``fix_after`` fixes each segment's limits on its first N points. Raises ValueError for
    input no chart can be drawn from.
    """
    polarity = Polarity(polarity)
    y = np.asarray(values, dtype=np.float64)
    labels = [str(period) for period in periods]
    _check(y, labels, rebase_at, fix_after, target)
    index = {period: i for i, period in enumerate(labels)}
    starts = sorted({0} | {index[str(period)] for period in rebase_at})

    n = y.size
    mean = np.empty(n)
    amr = np.empty(n)
    trial = np.empty(n, dtype=bool)
    signals = np.zeros((len(RULES), n), dtype=np.int8)
    for a, b in pairwise([*starts, n]):
        segment = y[a:b]
        baseline = segment if fix_after is None else segment[:fix_after]
        m, r = process_limits(baseline, screen_outliers=screen_outliers)
        mean[a:b], amr[a:b], trial[a:b] = m, r, baseline.size < TRIAL_BELOW
        signals[0, a:b] = outside_limits(segment, m - LIMIT * r, m + LIMIT * r)
        signals[1, a:b] = trend(segment)
        signals[2, a:b] = two_of_three(segment, m, r)
        signals[3, a:b] = shift(segment, m)

    lower = mean - LIMIT * amr
    upper = mean + LIMIT * amr
    signs = direction(signals).tolist()
    # Plain lists and small lookup tables: indexing NumPy arrays point by point is slow.
    classes = {sign: classify(sign, polarity) for sign in (-1, 0, 1)}
    points = tuple(
        SpcPoint(
            period=period,
            value=value,
            mean=centre,
            lower=low,
            upper=high,
            rules=RULE_SETS[code],
            point_class=classes[sign],
            trial=is_trial,
        )
        for period, value, centre, low, high, code, sign, is_trial in zip(
            labels,
            y.tolist(),
            mean.tolist(),
            _floats_or_none(lower),
            _floats_or_none(upper),
            _rule_codes(signals).tolist(),
            signs,
            trial.tolist(),
            strict=True,
        )
    )
    last = points[-1]
    return SpcResult(
        points=points,
        variation=variation(signs[-1], polarity),
        assurance=assurance(target, polarity, last.lower, last.upper),
    )


def _floats_or_none(values: Floats) -> list[float | None]:
    """The values as a list, with None for NaN (JSON has no NaN)."""
    out: list[float | None] = list(values.tolist())
    if np.isnan(values).any():
        out = [None if math.isnan(value) else value for value in values.tolist()]
    return out


def _rule_codes(signals: Signs) -> NDArray[np.int64]:
    """Each point's flagged rules as a bit mask (bit k for ``RULES[k]``), an index into
    ``RULE_SETS``."""
    weights = 1 << np.arange(len(RULES))
    return (weights[:, np.newaxis] * (signals != 0)).sum(axis=0)


def _check(
    y: Floats,
    periods: list[str],
    rebase_at: Sequence[str],
    fix_after: int | None,
    target: float | None,
) -> None:
    if y.ndim != 1 or y.size < 2:
        raise ValueError("a chart needs at least 2 values")
    if len(periods) != y.size:
        raise ValueError(f"{y.size} values but {len(periods)} periods")
    if not np.isfinite(y).all():
        raise ValueError("every value must be a finite number")
    if len(set(periods)) != len(periods):
        raise ValueError("each period may appear only once")
    unknown = [str(period) for period in rebase_at if str(period) not in periods]
    if unknown:
        raise ValueError(f"re-basing at a period the series does not have: {', '.join(unknown)}")
    if fix_after is not None and fix_after < 2:
        raise ValueError("limits need at least 2 points to be fixed on")
    if target is not None and not math.isfinite(target):
        raise ValueError("the target must be a finite number")
