"""Periods of care as SSDA903 episodes, their reviews and missing episodes, and the review
conferences of child protection plans: vectorised, from the periods ``episodes`` drew."""

from __future__ import annotations

import numpy as np

from . import params as P
from .days import Workdays
from .episodes import Frame
from .sampling import Coded, choice, choose_values, uniform_int

REASON_NEW = ("S", *P.REASON_NEW_LATER)
REASON_END = ("X1", "E17", *P.REASON_CEASED)
LEGAL_STATUS = tuple(P.LEGAL_STATUS)
PLACEMENT = tuple(P.PLACEMENT)
MISSING_KIND = ("MISSING", "AWAY")


def _repeat_dates(first: np.ndarray, step: int, until: np.ndarray, late: np.ndarray, most: int):
    """Rows (owner, date) of a series: ``first``, then every ``step`` days (each step late by
    ``late`` days for that owner) while before ``until``."""
    steps = np.arange(most)
    dates = first[:, None] + steps[None, :] * (step + late[:, None])
    keep = dates < until[:, None]
    owner, _ = np.nonzero(keep)
    return owner, dates[keep]


def cp_reviews(rng: np.random.Generator, start: np.ndarray, end: np.ndarray):
    """Review conferences: the first about three months after the plan starts, then about
    every six months, until the plan ends; a share of plans run late by 10-60 days."""
    n = start.size
    late = np.where(rng.random(n) < P.CP_REVIEW_LATE_P, uniform_int(rng, 10, 60, n), 0)
    first = start + P.CP_FIRST_REVIEW_DAYS + uniform_int(rng, -10, 8, n) + late
    return _repeat_dates(first, P.CP_NEXT_REVIEW_DAYS, end, late, 14)


def care_episodes(
    rng: np.random.Generator, start: np.ndarray, end: np.ndarray, aged_out: np.ndarray
) -> tuple[Frame, np.ndarray]:
    """SSDA903 episodes for periods of care (a period is 1-3 episodes: placement or legal
    status changes), and the reason each period ended (index into ``REASON_END``)."""
    n = start.size
    count = choose_values(rng, P.EPISODES_PER_PERIOD, n).astype(np.int64)
    count = np.where(end - start < 30, 1, count)
    period = np.repeat(np.arange(n), count)
    offsets = np.concatenate([[0], np.cumsum(count)[:-1]])
    position = np.arange(period.size) - offsets[period]
    cuts = np.sort(rng.uniform(0.1, 0.9, (n, 2)), axis=1)
    length = end - start
    bounds = np.column_stack(
        [
            start,
            start + (cuts[:, 0] * length).astype(np.int64),
            start + (cuts[:, 1] * length).astype(np.int64),
        ]
    )
    # a two-episode period splits at its first cut, a three-episode one at both
    ep_start = bounds[period, position]
    last = position == count[period] - 1
    ep_end = np.where(last, end[period], 0)
    following = np.flatnonzero(~last)
    ep_end[following] = ep_start[following + 1]

    final = np.where(aged_out, 1, 2 + choice(rng, P.REASON_CEASED, n).index).astype(np.int16)
    reason_end = np.where(last, final[period], 0).astype(np.int16)
    reason_new = np.where(position == 0, 0, 1 + choice(rng, P.REASON_NEW_LATER, period.size).index)
    frame: Frame = {
        "period": period,
        "start_date": ep_start,
        "end_date": ep_end,
        "reason_new": Coded(reason_new, REASON_NEW),
        "legal_status": choice(rng, P.LEGAL_STATUS, period.size),
        "placement": choice(rng, P.PLACEMENT, period.size),
        "reason_end": Coded(reason_end, REASON_END),
    }
    return frame, final


def cla_reviews(rng: np.random.Generator, wd: Workdays, start: np.ndarray, end: np.ndarray):
    """Looked-after reviews: within 20 working days, then about three months later, then
    about every six months while the period lasts."""
    n = start.size
    first = wd.add(start, uniform_int(rng, 12, 22, n)).astype(np.int64)
    second = first + 91
    owner1, d1 = _repeat_dates(first, 10**6, end, np.zeros(n, np.int64), 1)
    owner2, d2 = _repeat_dates(second, 182, end, np.zeros(n, np.int64), 40)
    return np.concatenate([owner1, owner2]), np.concatenate([d1, d2])


def missing(rng: np.random.Generator, start: np.ndarray, end: np.ndarray) -> Frame:
    """Missing and away-from-placement episodes during periods of care."""
    count = rng.poisson(P.MISSING_PER_PERIOD, start.size)
    period = np.repeat(np.arange(start.size), count)
    begin = uniform_int(rng, start[period], end[period] - 1, period.size)
    kind = (rng.random(period.size) < P.MISSING_AWAY_P).astype(np.int16)
    return {
        "period": period,
        "start_date": begin,
        "end_date": begin + uniform_int(rng, 0, 5, period.size),
        "kind": Coded(kind, MISSING_KIND),
    }
