"""One referral's journey, for a whole batch of referrals at once.

A referral ends in no further action, or is assessed; some lead to a section 47 enquiry, some
of those to a conference and a child protection plan; the rest of the children assessed as in
need get a child in need plan; some children on a plan become looked after. Every date is
drawn from the distributions in ``params`` and the episode closes after the last thing in it.
Nothing here loops over children: each step is one NumPy operation over the batch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from . import params as P
from .days import NONE, Workdays
from .sampling import Coded, choice, choose_values, lognormal_int, uniform_int

#: A table as columns: name -> NumPy array or ``Coded`` column.
Frame = dict[str, Any]

FACTOR_CODES = tuple(P.FACTORS)
NO_FACTORS = "21"
ALL_FACTORS = (*FACTOR_CODES, NO_FACTORS)
CLOSURE_REASONS = ("RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9")
_RC = {code: i for i, code in enumerate(CLOSURE_REASONS)}
#: How a period of care ending closes the child in need episode.
CLOSURE_AFTER_CARE = {"E11": "RC1", "E12": "RC1", "E41": "RC3", "E45": "RC4", "E46": "RC4"}


@dataclass
class Batch:
    """The events of one batch of referrals; ``episode`` columns index into the batch."""

    referrals: Frame
    assessments: Frame
    factors: tuple[np.ndarray, np.ndarray]  # (offsets per assessment, codes into ALL_FACTORS)
    cin_plans: Frame
    s47: Frame
    cp_plans: Frame
    care: Frame  # periods of care: episode, start, end, aged_out


def _factors(rng: np.random.Generator, n: int, none_only: np.ndarray):
    """Factor codes for ``n`` assessments: an offsets array and codes into ``ALL_FACTORS``.

    ``none_only`` rows get factor 21 alone; the others get each factor with its England share,
    and at least one (drawn by share) when the coin gave none. Drawn in chunks to keep memory
    small at England scale.
    """
    p = np.array([P.FACTORS[c] for c in FACTOR_CODES], dtype=np.float32)
    rows_out, codes_out = [], []
    chunk = 200_000
    for begin in range(0, n, chunk):
        end = min(n, begin + chunk)
        hits = rng.random((end - begin, p.size), dtype=np.float32) < p
        hits[none_only[begin:end]] = False
        empty = ~hits.any(axis=1) & ~none_only[begin:end]
        if empty.any():
            picked = rng.choice(p.size, size=int(empty.sum()), p=p / p.sum())
            hits[np.flatnonzero(empty), picked] = True
        row, col = np.nonzero(hits)
        rows_out.append(row + begin)
        codes_out.append(col)
        lone = np.flatnonzero(none_only[begin:end]) + begin
        rows_out.append(lone)
        codes_out.append(np.full(lone.size, len(FACTOR_CODES)))
    rows = np.concatenate(rows_out) if rows_out else np.empty(0, dtype=np.int64)
    codes = np.concatenate(codes_out) if codes_out else np.empty(0, dtype=np.int64)
    order = np.argsort(rows, kind="stable")
    rows, codes = rows[order], codes[order]
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(rows, minlength=n), out=offsets[1:])
    return offsets, codes.astype(np.int16)


def simulate(
    rng: np.random.Generator,
    wd: Workdays,
    referral: np.ndarray,
    birth: np.ndarray,
    care: tuple[np.ndarray, np.ndarray] | None = None,
) -> Batch:
    """The journeys of referrals made on the days ``referral`` of children born on ``birth``.

    ``care`` is (start, end) of a period of care that some of these referrals lead to for
    certain (``days.NONE`` for the others): the children already looked after when the
    simulated window opens.
    """
    n = referral.size
    u = rng.random((6, n))
    forced = np.zeros(n, bool) if care is None else care[0] != NONE
    nfa = ~forced & (u[0] < P.NFA_P)
    s47 = ~forced & ~nfa & (u[1] < P.S47_P)
    icpc = s47 & (u[2] < P.ICPC_P)
    plan = icpc & (u[3] < P.PLAN_P)
    assessed = ~nfa
    not_in_need = ~forced & assessed & ~plan & (u[4] < P.NOT_IN_NEED_P)
    cin_plan = assessed & ~plan & ~not_in_need
    cla = forced | (plan & (u[5] < P.CLA_FROM_PLAN_P)) | (cin_plan & (u[5] < P.CLA_FROM_CIN_P))

    a_start = wd.add(referral, choose_values(rng, P.ASSESSMENT_START_WD, n))
    a_len = lognormal_int(rng, P.ASSESSMENT_MEDIAN_WD, P.ASSESSMENT_SIGMA, n)
    a_end = wd.add(a_start, a_len).astype(np.int64)

    s_start = wd.add(referral, choose_values(rng, P.S47_START_WD, n)).astype(np.int64)
    icpc_target = wd.add(s_start, np.full(n, 15))
    icpc_date = wd.add(s_start, lognormal_int(rng, P.ICPC_MEDIAN_WD, P.ICPC_SIGMA, n))
    icpc_date = icpc_date.astype(np.int64)

    plan_len = lognormal_int(rng, P.CP_PLAN_MEDIAN, P.CP_PLAN_SIGMA, n, low=14)
    plan_end = icpc_date + plan_len
    cin_start = a_end.copy()
    cin_end = a_end + lognormal_int(rng, P.CIN_PLAN_MEDIAN, P.CIN_PLAN_SIGMA, n, low=14)

    # Becoming looked after ends the plan the child was on that day.
    care_start = np.where(
        plan,
        uniform_int(rng, icpc_date + 7, plan_end, n),
        uniform_int(rng, cin_start + 7, cin_end, n),
    )
    care_end = care_start + lognormal_int(rng, P.CARE_MEDIAN, P.CARE_SIGMA, n)
    if care is not None:
        care_start = np.where(forced, care[0], care_start)
        care_end = np.where(forced, care[1], care_end)
    plan_end = np.where(plan & cla, care_start, plan_end)
    cin_end = np.where(cin_plan & cla, np.maximum(care_start, cin_start + 1), cin_end)
    adult = birth.astype(np.int64) + 18 * 365 + 4  # 18th birthday, near enough for leaving care
    cla &= care_start < adult - 30
    capped = cla & (care_end >= adult)
    care_end = np.where(capped, adult, care_end)

    step_down = plan & ~cla & (rng.random(n) < P.STEP_DOWN_P)
    step_end = plan_end + lognormal_int(rng, P.STEP_DOWN_MEDIAN, P.STEP_DOWN_SIGMA, n, low=14)

    # Second assessments: some children on a child in need plan are assessed again.
    again = cin_plan & ~cla & (rng.random(n) < P.SECOND_ASSESSMENT_P)
    a2_start = wd.add(np.minimum(a_end + uniform_int(rng, 30, 150, n), cin_end - 60), np.ones(n))
    again &= a2_start > a_end
    a2_end = wd.add(a2_start, lognormal_int(rng, P.ASSESSMENT_MEDIAN_WD, P.ASSESSMENT_SIGMA, n))

    # The episode closes after the last thing in it.
    closure = np.where(nfa, referral, a_end).astype(np.int64)
    closure = np.where(s47, np.maximum(closure, s_start + uniform_int(rng, 2, 20, n)), closure)
    closure = np.where(icpc, np.maximum(closure, icpc_date), closure)
    closure = np.where(plan, np.maximum(closure, plan_end), closure)
    closure = np.where(step_down, np.maximum(closure, step_end), closure)
    closure = np.where(cin_plan, np.maximum(closure, cin_end), closure)
    closure = np.where(again, np.maximum(closure, a2_end), closure)
    closure = np.where(cla, np.maximum(closure, care_end + uniform_int(rng, 0, 20, n)), closure)
    closure = np.where(~nfa & ~not_in_need, closure + uniform_int(rng, 0, 14, n), closure)

    reason = np.full(n, _RC["RC7"], dtype=np.int16)
    reason[nfa] = _RC["RC8"]
    nin_reason = np.where(rng.random(n) < 0.7, _RC["RC8"], _RC["RC9"])
    reason = np.where(not_in_need, nin_reason, reason).astype(np.int16)
    other = cin_plan & ~cla & (rng.random(n) < 0.08)
    reason[other] = rng.choice([_RC["RC3"], _RC["RC4"], _RC["RC5"], _RC["RC6"]], int(other.sum()))

    referrals: Frame = {
        "referral_date": referral.astype(np.int64),
        "closure_date": closure,
        "closure_reason": Coded(reason, CLOSURE_REASONS),
        "nfa": nfa,
        "not_in_need": not_in_need,
        "source": choice(rng, P.REFERRAL_SOURCES, n),
        "primary_need": choice(rng, P.PRIMARY_NEED, n),
    }

    first = np.flatnonzero(assessed)
    second = np.flatnonzero(again)
    a_rows = np.concatenate([first, second])
    assessments: Frame = {
        "episode": a_rows,
        "start_date": np.concatenate([a_start[first], a2_start[second]]).astype(np.int64),
        "authorised_date": np.concatenate([a_end[first], a2_end[second]]).astype(np.int64),
    }
    none_only = np.concatenate(
        [
            not_in_need[first] & (rng.random(first.size) < P.NO_FACTORS_P),
            np.zeros(second.size, bool),
        ]
    )
    factors = _factors(rng, a_rows.size, none_only)

    cin_rows = np.concatenate([np.flatnonzero(cin_plan), np.flatnonzero(step_down)])
    cin_plans: Frame = {
        "episode": cin_rows,
        "start_date": np.concatenate([cin_start[cin_plan], plan_end[step_down]]),
        "end_date": np.concatenate([cin_end[cin_plan], step_end[step_down]]),
    }

    s_rows = np.flatnonzero(s47)
    s47_frame: Frame = {
        "episode": s_rows,
        "start_date": s_start[s_rows],
        "icpc_target": icpc_target[s_rows].astype(np.int64),
        "icpc_date": np.where(icpc[s_rows], icpc_date[s_rows], NONE),
        "icpc_not_required": ~icpc[s_rows],
    }

    p_rows = np.flatnonzero(plan)
    initial = choice(rng, P.CP_CATEGORY, p_rows.size)
    latest = choice(rng, P.CP_CATEGORY, p_rows.size)
    keep = rng.random(p_rows.size) >= P.LATEST_CATEGORY_CHANGES_P
    latest.index[keep] = initial.index[keep]
    cp_plans: Frame = {
        "episode": p_rows,
        "start_date": icpc_date[p_rows],
        "end_date": plan_end[p_rows],
        "initial_category": initial,
        "latest_category": latest,
    }

    c_rows = np.flatnonzero(cla)
    periods: Frame = {
        "episode": c_rows,
        "start_date": care_start[c_rows],
        "end_date": care_end[c_rows],
        "aged_out": capped[c_rows],
    }
    return Batch(referrals, assessments, factors, cin_plans, s47_frame, cp_plans, periods)
