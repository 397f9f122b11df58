"""The ground truth: the indicator values the generator planted, computed from its own arrays.

Written with NumPy straight from ``Synthetic``, on purpose without the indicator engine (no
Ibis, no SQL), so a test comparing the two compares two independent readings of the same
definitions (``docs/indicators-casedata.md``). Values are unrounded; a percentage with nothing
to divide by is ``None``.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np

from scrutineer.casedata.engine.codes import (
    AGE_BANDS,
    CP_CATEGORIES,
    FACTORS,
    NO_FACTORS,
    NOT_IN_NEED_REASONS,
    UNKNOWN,
    ethnic_group,
)

from .days import NONE, Workdays, day, key, ymd
from .sampling import Coded
from .simulate import Synthetic


def _pct(part: np.ndarray, whole: np.ndarray) -> float | None:
    total = int(whole.sum())
    return 100.0 * int((part & whole).sum()) / total if total else None


def _rate(count: int, people: int | None) -> float | None:
    return count / people * 10000 if people else None


def _labels(column: Coded) -> np.ndarray:
    return column.values()


def _previous(owner: np.ndarray, when: np.ndarray) -> np.ndarray:
    """For each row, the latest ``when`` of the same owner strictly before it (NONE if none)."""
    order = np.lexsort((when, owner))
    keys = owner[order].astype(np.int64) * (1 << 32) + (when[order].astype(np.int64) - NONE)
    mine = owner.astype(np.int64) * (1 << 32) + (when.astype(np.int64) - NONE)
    at = np.searchsorted(keys, mine, side="left") - 1
    found = at >= 0
    at = np.maximum(at, 0)
    same = found & (owner[order][at] == owner)
    return np.where(same, when[order][at], NONE)


def _month_key(days: np.ndarray) -> np.ndarray:
    y, m, d = ymd(days)
    return (y * 12 + m - 1) * 100 + d


def _age_bands(years: np.ndarray) -> np.ndarray:
    """Band names for whole years (``UNKNOWN_AGE`` marks a missing age)."""
    out = np.full(years.size, UNKNOWN, dtype=object)
    for name, low, high in AGE_BANDS:
        hit = years != UNKNOWN_AGE
        if low is not None:
            hit &= years >= low
        if high is not None:
            hit &= years <= high
        out[hit] = name
    return out


UNKNOWN_AGE = -(10**6)


def _age_at(syn: Synthetic, child: np.ndarray, on: np.ndarray) -> np.ndarray:
    """Whole years from the first day of the month of birth (what the tables keep)."""
    born = syn.children["birth_month"][child]
    expected = syn.children["expected_birth_month"][child]
    by, bm, _ = ymd(born)
    oy, om, _ = ymd(on)
    years = oy - by - (om < bm)
    years = np.where(born == NONE, np.where(expected != NONE, -1, UNKNOWN_AGE), years)
    return years


class _Splits:
    """Child-level attributes for the splits."""

    def __init__(self, syn: Synthetic) -> None:
        kids = syn.children
        sex = _labels(kids["sex"])
        self.sex = np.where(sex == None, "U", sex)  # noqa: E711 - element-wise
        self.ethnicity = np.array(
            [ethnic_group(e) for e in _labels(kids["ethnicity"])], dtype=object
        )
        disabled = kids["disabled"]
        self.disability = np.where(
            disabled == 1, "disabled", np.where(disabled == 0, "not_disabled", UNKNOWN)
        ).astype(object)

    def groups(self, child: np.ndarray, age_band: np.ndarray) -> dict[str, np.ndarray]:
        return {
            "age_band": age_band,
            "sex": self.sex[child],
            "ethnicity": self.ethnicity[child],
            "disability": self.disability[child],
        }


def ground_truth(syn: Synthetic, *, calendar=None) -> dict[str, Any]:
    """``{"years": {year: {code: value}}, "splits": {year: {split: {group: {code: value}}}}}``
    for every reporting year generated; splits are given for ``referrals``."""
    wd = Workdays(calendar)
    splits = _Splits(syn)
    r, a, s, cp = syn.referrals, syn.assessments, syn.s47, syn.cp_plans
    r_date, r_child = r["referral_date"], r["child"]
    previous = _previous(r_child, r_date)
    rereferral = (previous != NONE) & (
        key(np.where(previous == NONE, 0, previous)) >= key(r_date) - 10000
    )
    reason = _labels(r["closure_reason"])
    not_in_need = np.isin(reason.astype(str), NOT_IN_NEED_REASONS) & ~r["nfa"]
    age = np.where(r["age"] >= 0, r["age"], _age_at(syn, r_child, r_date))
    r_bands = _age_bands(age)

    authorised = a["authorised_date"]
    done = authorised != NONE
    length = np.full(authorised.size, -1)
    length[done] = wd.between(a["start_date"][done], authorised[done])
    from_referral = np.full(authorised.size, -1)
    from_referral[done] = wd.between(r_date[a["referral"][done]], authorised[done])

    factor_lists = syn.factors.to_pylist()

    s_start, icpc = s["start_date"], s["icpc_date"]
    held = icpc != NONE
    icpc_len = np.full(icpc.size, 10**6)
    icpc_len[held] = wd.between(s_start[held], icpc[held])

    plan_start, plan_end = cp["start_date"], cp["end_date"]
    earlier_plan = _previous(cp["child"], plan_start) != NONE
    repeat = (cp["previous_plans"] > 0) | earlier_plan
    initial = _labels(cp["initial_category"])

    rv = syn.cp_reviews
    plan_row = {int(p): i for i, p in enumerate(cp["plan"])}
    rv_plan = np.array([plan_row[int(p)] for p in rv["plan"]], dtype=np.int64)
    rv_date = rv["review_date"]
    prev_review = _previous(rv["plan"], rv_date)
    base = np.where(prev_review == NONE, plan_start[rv_plan], prev_review)
    months = np.where(prev_review == NONE, 3, 6)
    on_time = _month_key(rv_date) <= _month_key(base) + months * 100

    ep = syn.cla_episodes
    ep_child, ep_start, ep_end = ep["child"], ep["start_date"], ep["end_date"]
    ends = set(zip(ep_child.tolist(), ep_end.tolist(), strict=True))
    starts = set(zip(ep_child.tolist(), ep_start.tolist(), strict=True))
    period_starts = np.array(
        [(c, d) not in ends for c, d in zip(ep_child.tolist(), ep_start.tolist(), strict=True)],
        dtype=bool,
    )
    period_ends = (ep_end != NONE) & np.array(
        [(c, d) not in starts for c, d in zip(ep_child.tolist(), ep_end.tolist(), strict=True)],
        dtype=bool,
    )

    years: dict[int, dict[str, Any]] = {}
    split_out: dict[int, dict[str, Any]] = {}
    for year in syn.years:
        first, last = day(dt.date(year - 1, 4, 1)), day(dt.date(year, 3, 31))
        people = syn.population.get(year - 1)

        def within(d: np.ndarray, first: int = first, last: int = last) -> np.ndarray:
            return (d != NONE) & (d >= first) & (d <= last)

        def open_at(begin: np.ndarray, end: np.ndarray, last: int = last) -> np.ndarray:
            return (begin != NONE) & (begin <= last) & ((end == NONE) | (end > last))

        v: dict[str, Any] = {}
        ref = within(r_date)
        v["referrals"] = int(ref.sum())
        v["referral_rate"] = _rate(v["referrals"], people)
        v["rereferral_pct"] = _pct(rereferral, ref)
        v["nfa_pct"] = _pct(r["nfa"], ref)
        v["not_in_need_pct"] = _pct(not_in_need, ref)

        asm = within(authorised)
        v["assessments"] = int(asm.sum())
        v["assessment_45wd_pct"] = _pct((length >= 0) & (length <= 45), asm)
        v["assessment_45wd_from_referral_pct"] = _pct(
            (from_referral >= 0) & (from_referral <= 45), asm
        )
        v["assessment_median_wd"] = float(np.median(length[asm])) if asm.any() else None

        episodes: dict[int, set[str]] = {}
        for i in np.flatnonzero(asm):
            episodes.setdefault(int(a["referral"][i]), set()).update(factor_lists[i] or ())
        with_factor = [codes for codes in episodes.values() if codes - {NO_FACTORS}]
        for name, codes in FACTORS.items():
            hits = sum(1 for found in with_factor if found & set(codes))
            v[f"factor_{name}_pct"] = 100.0 * hits / len(with_factor) if with_factor else None

        v["s47"] = int(within(s_start).sum())
        v["s47_rate"] = _rate(v["s47"], people)
        conf = within(icpc)
        v["icpc"] = int(conf.sum())
        v["icpc_15wd_pct"] = _pct(icpc_len <= 15, conf)

        v["cin_31mar"] = int(open_at(r_date, r["closure_date"]).sum())
        v["cin_rate"] = _rate(v["cin_31mar"], people)

        started = within(plan_start)
        v["cpp_started"] = int(started.sum())
        v["cpp_start_rate"] = _rate(v["cpp_started"], people)
        v["cpp_repeat_pct"] = _pct(repeat, started)
        for cat in CP_CATEGORIES:
            v[f"cpp_category_{cat.lower()}_pct"] = _pct(initial == cat, started)
        on_plan = open_at(plan_start, plan_end)
        v["cpp_31mar"] = int(on_plan.sum())
        v["cpp_rate"] = _rate(v["cpp_31mar"], people)
        long = key(plan_start) <= key(np.array([last])) - 20000
        v["cpp_2yr_pct"] = _pct(long, on_plan)
        reviewed = within(rv_date)
        v["cp_reviews"] = int(reviewed.sum())
        v["cp_reviews_on_time_pct"] = _pct(on_time, reviewed)

        looked_after = open_at(ep_start, ep_end)
        v["cla_31mar"] = len(set(ep_child[looked_after].tolist()))
        v["cla_rate"] = _rate(v["cla_31mar"], people)
        v["cla_started"] = len(set(ep_child[period_starts & within(ep_start)].tolist()))
        v["cla_started_rate"] = _rate(v["cla_started"], people)
        v["cla_ceased"] = len(set(ep_child[period_ends & within(ep_end)].tolist()))
        v["cla_ceased_rate"] = _rate(v["cla_ceased"], people)
        years[year] = v

        by: dict[str, dict[str, dict[str, Any]]] = {}
        rows = np.flatnonzero(ref)
        for split, labels in splits.groups(r_child[rows], r_bands[rows]).items():
            names, counts = np.unique(labels.astype(str), return_counts=True)
            by[split] = {str(g): {"referrals": int(c)} for g, c in zip(names, counts, strict=True)}
        split_out[year] = by
    return {
        "la": syn.la,
        "years": years,
        "splits": split_out,
        "population": syn.population,
        "reporting_years": list(syn.years),
        "generated_through": str(dt.date(1970, 1, 1) + dt.timedelta(days=syn.end)),
        "children": len(syn.children["la_id"]),
    }


def write_truth(truth: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(truth, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return path
