"""The synthetic local authority: N children over Y reporting years, as NumPy arrays.

Each child is first referred on a day drawn across the window (``BURN_IN_YEARS`` of history
before the first reporting year asked for, so the service is already running when the years
that count begin), and may be referred again after each episode closes. The loop is over a
child's referrals in turn (at most ``MAX_REFERRALS``), each turn one vectorised step for every
child still in the window, so England scale (1.5 million children) takes seconds, not hours.

Everything after the last day of the last reporting year is cut off, as a real extract is:
later events are dropped and later end dates left empty. The result is what the tables hold,
and the ground truth (``truth.py``) is computed from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from scrutineer.core.workdays import FIRST_YEAR, LAST_YEAR

from . import params as P
from .care import REASON_END, care_episodes, cla_reviews, cp_reviews, missing
from .days import NONE, Workdays, day, month_start, whole_years
from .episodes import ALL_FACTORS, CLOSURE_AFTER_CARE, CLOSURE_REASONS, Batch, Frame, simulate
from .sampling import Coded, choice, lognormal_int, uniform_int


@dataclass
class Synthetic:
    """What the generator made: one ``Frame`` (column -> array) per canonical table, with
    ``child`` as an index into ``children`` and dates as days since 1970 (``days.NONE`` when
    empty). ``children`` also keeps the LA child ID and full date of birth that real files
    carry (the canonical tables keep neither)."""

    la: str
    first_year: int
    last_year: int
    start: int
    end: int
    population: dict[int, int]
    children: Frame
    referrals: Frame
    contacts: Frame
    assessments: Frame
    factors: pa.ListArray
    cin_plans: Frame
    s47: Frame
    cp_plans: Frame
    cp_reviews: Frame
    cla_episodes: Frame
    cla_reviews: Frame
    missing: Frame

    @property
    def years(self) -> range:
        return range(self.first_year, self.last_year + 1)


def _take(frame: Frame, rows: np.ndarray) -> Frame:
    return {k: (v.take(rows) if isinstance(v, Coded) else v[rows]) for k, v in frame.items()}


def _concat(frames: list[Frame]) -> Frame:
    out: Frame = {}
    for name, first in frames[0].items():
        if isinstance(first, Coded):
            out[name] = Coded.concat([f[name] for f in frames], first.labels)
        else:
            out[name] = np.concatenate([f[name] for f in frames])
    return out


def _cut(frame: Frame, end: int, *, start: str, ends: tuple[str, ...] = (), codes=()) -> Frame:
    """Drop rows that begin after ``end``; empty the end dates (and their codes) after it."""
    kept = _take(frame, np.flatnonzero(frame[start] <= end))
    for name in ends:
        later = kept[name] > end
        kept[name] = np.where(later, NONE, kept[name])
        for code in codes:
            coded = kept[code]
            assert isinstance(coded, Coded)
            coded.index[later] = -1
    return kept


def _children(rng: np.random.Generator, n: int, start: int, end: int, la: str) -> Frame:
    first = uniform_int(rng, start, end, n)
    bands = rng.choice(len(P.AGE_BANDS), size=n, p=[b[0] for b in P.AGE_BANDS])
    low = np.array([b[1] for b in P.AGE_BANDS])[bands]
    high = np.array([b[2] for b in P.AGE_BANDS])[bands]
    birth = first - uniform_int(rng, low, high, n)
    disabled = rng.choice([1, 0, -1], size=n, p=[P.DISABLED[k] for k in (True, False, None)])
    # Children already in care when the window opens: aged 1-16 then, in care since a day in
    # the years before, first referred a few weeks before that.
    in_care = rng.random(n) < P.IN_CARE_P
    k = int(in_care.sum())
    birth[in_care] = start - uniform_int(rng, 365, 16 * 365, k)
    earliest = np.maximum(birth[in_care] + 30, start - P.IN_CARE_YEARS_BEFORE * 365)
    care_start = np.full(n, NONE, np.int64)
    care_end = np.full(n, NONE, np.int64)
    care_start[in_care] = uniform_int(rng, earliest, start - 30, k)
    care_end[in_care] = start + lognormal_int(rng, P.IN_CARE_LEFT_MEDIAN, P.IN_CARE_LEFT_SIGMA, k)
    first[in_care] = care_start[in_care] - uniform_int(rng, 10, 60, k)
    return {
        "care_start": care_start,
        "care_end": care_end,
        "la_id": np.array([f"{la}C{i:07d}" for i in range(n)], dtype=object),
        "first_referral": first,
        "birth": birth,
        "sex": choice(rng, P.SEX, n),
        "ethnicity": choice(rng, P.ETHNICITY, n),
        "disabled": disabled.astype(np.int8),
        "disability": Coded(
            np.where(disabled == 1, rng.integers(0, len(P.DISABILITIES), n), -1),
            P.DISABILITIES,
        ),
        "referrals_wanted": 1
        + np.minimum(rng.geometric(1 - P.MORE_REFERRALS_P, n) - 1, P.MAX_REFERRALS - 1),
        "prior_plans": np.where(
            rng.random(n) < P.PRIOR_PLAN_CHILD_P, rng.geometric(1 - P.PRIOR_PLAN_MORE_P, n), 0
        ),
    }


def _factor_lists(batches: list[Batch]) -> tuple[np.ndarray, np.ndarray]:
    offsets, codes, base = [np.zeros(1, np.int64)], [], 0
    for b in batches:
        off, code = b.factors
        offsets.append(off[1:] + base)
        codes.append(code)
        base += int(off[-1])
    return np.concatenate(offsets), np.concatenate(codes) if codes else np.empty(0, np.int16)


def _cut_factors(offsets, codes, keep: np.ndarray, empty: np.ndarray) -> pa.ListArray:
    """Factor lists of the kept assessments; those still in progress have none yet."""
    lengths = np.diff(offsets)
    owner = np.repeat(np.arange(lengths.size), lengths)
    wanted = keep & ~empty
    values = codes[wanted[owner]]
    new_lengths = np.where(wanted, lengths, 0)[keep]
    new_offsets = np.concatenate([[0], np.cumsum(new_lengths)]).astype(np.int32)
    labels = pa.array(ALL_FACTORS, pa.string())
    strings = pa.DictionaryArray.from_arrays(pa.array(values, pa.int16()), labels).cast(pa.string())
    return pa.ListArray.from_arrays(pa.array(new_offsets), strings)


def generate(
    *,
    children: int,
    years: int,
    seed: int,
    la: str = "999",
    last_year: int = 2025,
    calendar=None,
) -> Synthetic:
    """Simulate ``children`` children over ``years`` reporting years ending with ``last_year``."""
    if children < 1 or years < 1:
        raise ValueError("say how many children (at least 1) and years (at least 1)")
    first_year = last_year - years + 1
    # History reaches back BURN_IN_YEARS and IN_CARE_YEARS_BEFORE more, and journeys run on
    # after the last year: all of it must be inside the working-day calendar (2000-2060).
    earliest = first_year - 1 - P.BURN_IN_YEARS - P.IN_CARE_YEARS_BEFORE
    if earliest < FIRST_YEAR + 1 or last_year > LAST_YEAR - 2:
        raise ValueError(
            f"the reporting years must run from {FIRST_YEAR + 2 + P.BURN_IN_YEARS + P.IN_CARE_YEARS_BEFORE}"
            f" to {LAST_YEAR - 2}: the working-day calendar covers {FIRST_YEAR}-{LAST_YEAR}"
        )
    rng = np.random.default_rng(seed)
    wd = Workdays(calendar)
    start = day(dt.date(first_year - 1 - P.BURN_IN_YEARS, 4, 1))
    end = day(dt.date(last_year, 3, 31))
    kids = _children(rng, children, start, end, la)
    birth = kids["birth"]
    prior = kids["prior_plans"].astype(np.int64).copy()

    batches: list[Batch] = []
    owners: list[np.ndarray] = []
    plan_previous: list[np.ndarray] = []
    when = kids["first_referral"].astype(np.int64).copy()
    alive = np.ones(children, dtype=bool)
    for turn in range(P.MAX_REFERRALS):
        alive &= (when <= end) & (turn < kids["referrals_wanted"]) & (whole_years(birth, when) < 18)
        who = np.flatnonzero(alive)
        if not who.size:
            break
        in_care = (kids["care_start"][who], kids["care_end"][who]) if turn == 0 else None
        batch = simulate(rng, wd, when[who], birth[who], in_care)
        batches.append(batch)
        owners.append(who)
        planned = who[batch.cp_plans["episode"]]
        plan_previous.append(prior[planned])
        np.add.at(prior, planned, 1)
        gap = np.maximum(
            1, np.rint(rng.lognormal(np.log(P.BREAK_MEDIAN_DAYS), P.BREAK_SIGMA, who.size))
        )
        when[who] = batch.referrals["closure_date"] + gap.astype(np.int64)

    # Number the referrals across turns; every sub-table points at its referral and child.
    base = np.cumsum([0] + [o.size for o in owners])
    child_of = np.concatenate(owners)
    referrals = _concat([b.referrals for b in batches])
    referrals["child"] = child_of
    referral_day = referrals["referral_date"]
    age = whole_years(birth[child_of], referral_day)
    referrals["age"] = np.where(referral_day < birth[child_of], -1, age)

    def linked(name: str) -> Frame:
        frames = []
        for b, first in zip(batches, base[:-1], strict=True):
            f = dict(getattr(b, name))
            f["referral"] = f.pop("episode") + first
            frames.append(f)
        out = _concat(frames)
        out["child"] = child_of[out["referral"]]
        return out

    assessments, s47, cin_plans = linked("assessments"), linked("s47"), linked("cin_plans")
    cp_plans, care = linked("cp_plans"), linked("care")
    cp_plans["previous_plans"] = np.concatenate(plan_previous)
    cp_plans["plan"] = np.arange(cp_plans["start_date"].size)

    # Periods of care become SSDA903 episodes; the way a period ends closes its episode.
    episodes, final = care_episodes(rng, care["start_date"], care["end_date"], care["aged_out"])
    episodes["child"] = care["child"][episodes["period"]]
    closing = np.array(
        [CLOSURE_REASONS.index(CLOSURE_AFTER_CARE.get(code, "RC7")) for code in REASON_END]
    )
    reason = referrals["closure_reason"]
    assert isinstance(reason, Coded)
    reason.index[care["referral"]] = closing[final]
    owner, dates = cla_reviews(rng, wd, care["start_date"], care["end_date"])
    cla_review = {"child": care["child"][owner], "review_date": dates}
    away = missing(rng, care["start_date"], care["end_date"])
    away["child"] = care["child"][away["period"]]
    owner, dates = cp_reviews(rng, cp_plans["start_date"], cp_plans["end_date"])
    cp_review = {"child": cp_plans["child"][owner], "plan": owner, "review_date": dates}

    # Contacts: one before each referral, and some that never became one.
    extra = rng.integers(0, referral_day.size, int(referral_day.size * P.EXTRA_CONTACTS))
    contact_day = np.concatenate(
        [
            referral_day - rng.integers(0, 3, referral_day.size),
            referral_day[extra] - rng.integers(30, 700, extra.size),
        ]
    )
    contact_child = np.concatenate([child_of, child_of[extra]])
    source = referrals["source"]
    assert isinstance(source, Coded)
    contacts: Frame = {
        "child": contact_child,
        "contact_date": contact_day,
        "source": Coded(np.concatenate([source.index, source.index[extra]]), source.labels),
    }
    contacts = _take(contacts, np.flatnonzero((contact_day >= start) & (contact_day <= end)))

    # Cut everything at the end of the last reporting year.
    in_window = assessments["start_date"] <= end
    in_progress = assessments["authorised_date"] > end
    offsets, codes = _factor_lists(batches)
    factors = _cut_factors(offsets, codes, in_window, in_progress)
    assessments = _cut(assessments, end, start="start_date", ends=("authorised_date",))
    referrals = _cut(
        referrals, end, start="referral_date", ends=("closure_date",), codes=("closure_reason",)
    )
    s47 = _cut(s47, end, start="start_date", ends=("icpc_date",))
    cin_plans = _cut(cin_plans, end, start="start_date", ends=("end_date",))
    cp_plans = _cut(cp_plans, end, start="start_date", ends=("end_date",))
    cp_review = _cut(cp_review, end, start="review_date")
    episodes = _cut(episodes, end, start="start_date", ends=("end_date",), codes=("reason_end",))
    cla_review = _cut(cla_review, end, start="review_date")
    away = _cut(away, end, start="start_date", ends=("end_date",))

    kids["birth_month"] = np.where(birth <= end, month_start(birth), NONE)
    kids["expected_birth_month"] = np.where(birth > end, month_start(birth), NONE)

    # A 0-17 population that gives a referral rate near England's (about 520 per 10,000).
    counted = (referral_day >= day(dt.date(first_year - 1, 4, 1))).sum()
    people = max(1, round(counted / years / 0.052))
    population = dict.fromkeys(range(first_year - 1, last_year), people)
    return Synthetic(
        la=la, first_year=first_year, last_year=last_year, start=start, end=end,
        population=population, children=kids, referrals=referrals, contacts=contacts,
        assessments=assessments, factors=factors, cin_plans=cin_plans, s47=s47,
        cp_plans=cp_plans, cp_reviews=cp_review, cla_episodes=episodes,
        cla_reviews=cla_review, missing=away,
    )  # fmt: skip
