"""The case-level indicator suite written plainly in pandas: the benchmark's baseline.

The way an analyst would first write it: read the Parquet files into data frames, then one
block per indicator, a loop over the years for "open at 31 March", ``groupby`` for the splits
and months, ``numpy.busday_count`` for working days, ``explode`` for the factors. The same
definitions as the engine (docs/indicators-casedata.md), so the two results can be compared.
Only the year totals and the splits by year are computed here (months too for counts), which
is most of what the engine does.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from scrutineer.casedata.engine.codes import (
    AGE_BANDS,
    CP_CATEGORIES,
    FACTORS,
    NO_FACTORS,
    NOT_IN_NEED_REASONS,
    UNKNOWN,
    ethnic_group,
)
from scrutineer.core.workdays import england_and_wales_bank_holidays

DATES = {
    "children": ["birth_month", "expected_birth_month"],
    "referrals": ["referral_date", "closure_date"],
    "assessments": ["start_date", "authorised_date"],
    "s47": ["start_date", "icpc_date"],
    "cp_plans": ["start_date", "end_date"],
    "cp_reviews": ["review_date"],
    "cla_episodes": ["start_date", "end_date"],
}


def load(folder: Path) -> dict[str, pd.DataFrame]:
    frames = {}
    for name, columns in DATES.items():
        df = pd.read_parquet(folder / f"{name}.parquet")
        for column in columns:
            df[column] = pd.to_datetime(df[column])
        frames[name] = df
    return frames


def reporting_year(d: pd.Series) -> pd.Series:
    return d.dt.year + (d.dt.month >= 4)


def key(d: pd.Series) -> pd.Series:
    return d.dt.year * 10000 + d.dt.month * 100 + d.dt.day


def month_key(d: pd.Series) -> pd.Series:
    return (d.dt.year * 12 + d.dt.month - 1) * 100 + d.dt.day


def working_days(start: pd.Series, end: pd.Series) -> pd.Series:
    """Working days in (start, end]; NaN where either is missing."""
    holidays = np.array(sorted(england_and_wales_bank_holidays()), dtype="datetime64[D]")
    ok = start.notna() & end.notna()
    out = pd.Series(np.nan, index=start.index)
    a = start[ok].values.astype("datetime64[D]") + 1
    b = end[ok].values.astype("datetime64[D]") + 1
    out[ok] = np.busday_count(a, b, holidays=holidays)
    return out


def age_band(years: pd.Series, expected: pd.Series) -> pd.Series:
    band = pd.Series(UNKNOWN, index=years.index, dtype=object)
    band[years.isna() & expected.notna()] = "unborn"
    for name, low, high in AGE_BANDS:
        hit = years.notna()
        if low is not None:
            hit &= years >= low
        if high is not None:
            hit &= years <= high
        band[hit] = name
    return band


def with_people(df: pd.DataFrame, children: pd.DataFrame, on: str, age: str | None = None):
    people = children[
        ["child", "sex", "ethnicity", "disabled", "birth_month", "expected_birth_month"]
    ]
    people = people.rename(columns={"ethnicity": "eth_code"})
    m = df.merge(people, on="child", how="left")
    years = m[on].dt.year - m["birth_month"].dt.year - (m[on].dt.month < m["birth_month"].dt.month)
    if age is not None:
        years = m[age].where(m[age].notna(), years)
    m["age_band"] = age_band(years, m["expected_birth_month"])
    m["sex"] = m["sex"].where(m["sex"].isin(["M", "F", "U"]), "U")
    m["ethnicity"] = m["eth_code"].map(ethnic_group, na_action=None).fillna("not_known")
    flag = m["disabled"].astype("boolean")
    m["disability"] = np.where(
        flag.fillna(False), "disabled", np.where((~flag).fillna(False), "not_disabled", UNKNOWN)
    )
    return m


def pct(part: pd.Series, whole: pd.Series | None = None) -> float | None:
    whole = pd.Series(True, index=part.index) if whole is None else whole
    total = int(whole.sum())
    return 100.0 * int((part & whole).sum()) / total if total else None


def suite(t: dict[str, pd.DataFrame], years: list[int]) -> dict[str, Any]:
    out: dict[int, dict[str, Any]] = {y: {} for y in years}
    splits: dict[int, dict[str, dict[str, int]]] = {y: {} for y in years}
    months: dict[str, int] = {}
    kids = t["children"]

    r = t["referrals"].sort_values(["child", "referral_date"]).copy()
    r["prev"] = r.groupby("child")["referral_date"].shift(1)
    r["rereferral"] = r["prev"].notna() & (key(r["prev"]) >= key(r["referral_date"]) - 10000)
    r["year"] = reporting_year(r["referral_date"])
    r["nin"] = r["closure_reason"].isin(NOT_IN_NEED_REASONS) & ~r["nfa"].fillna(False)
    rr = with_people(r[r["year"].isin(years)], kids, "referral_date", age="age")
    for m, n in rr.groupby(rr["referral_date"].dt.strftime("%Y-%m")).size().items():
        months[m] = int(n)
    for y in years:
        s = rr[rr["year"] == y]
        out[y]["referrals"] = len(s)
        out[y]["rereferral_pct"] = pct(s["rereferral"])
        out[y]["nfa_pct"] = pct(s["nfa"].fillna(False))
        out[y]["not_in_need_pct"] = pct(s["nin"])
        for split in ("age_band", "sex", "ethnicity", "disability"):
            splits[y][split] = {str(k): int(v) for k, v in s.groupby(split).size().items()}

    a = t["assessments"][t["assessments"]["authorised_date"].notna()].copy()
    a["year"] = reporting_year(a["authorised_date"])
    a = a[a["year"].isin(years)]
    a["length"] = working_days(a["start_date"], a["authorised_date"])
    refs = t["referrals"][["referral_id", "referral_date"]]
    a = a.merge(refs, on="referral_id", how="left")
    a["from_referral"] = working_days(a["referral_date"], a["authorised_date"])
    a = with_people(a, kids, "authorised_date")
    for y in years:
        s = a[a["year"] == y]
        out[y]["assessments"] = len(s)
        out[y]["assessment_45wd_pct"] = pct(s["length"] <= 45)
        out[y]["assessment_45wd_from_referral_pct"] = pct(s["from_referral"] <= 45)
        out[y]["assessment_median_wd"] = float(s["length"].median()) if len(s) else None

    f = a[["referral_id", "year", "factors"]].explode("factors").dropna(subset=["factors"])
    episodes = f.groupby(["referral_id", "year"])["factors"].apply(set)
    for y in years:
        found = episodes[episodes.index.get_level_values("year") == y]
        found = found[found.apply(lambda codes: bool(codes - {NO_FACTORS}))]
        for name, codes in FACTORS.items():
            hits = found.apply(lambda have, codes=codes: bool(have & set(codes))).sum()
            out[y][f"factor_{name}_pct"] = 100.0 * hits / len(found) if len(found) else None

    s47 = t["s47"]
    s47_year = reporting_year(s47["start_date"])
    icpc = s47[s47["icpc_date"].notna()].copy()
    icpc["year"] = reporting_year(icpc["icpc_date"])
    icpc["length"] = working_days(icpc["start_date"], icpc["icpc_date"])
    for y in years:
        out[y]["s47"] = int((s47_year == y).sum())
        s = icpc[icpc["year"] == y]
        out[y]["icpc"] = len(s)
        out[y]["icpc_15wd_pct"] = pct(s["length"] <= 15)

    p = t["cp_plans"].sort_values(["child", "start_date"]).copy()
    p["earlier"] = p.groupby("child").cumcount() > 0
    p["repeat"] = (p["previous_plans"].fillna(0) > 0) | p["earlier"]
    p["year"] = reporting_year(p["start_date"])
    for y in years:
        s = p[p["year"] == y]
        out[y]["cpp_started"] = len(s)
        out[y]["cpp_repeat_pct"] = pct(s["repeat"])
        for cat in CP_CATEGORIES:
            out[y][f"cpp_category_{cat.lower()}_pct"] = pct(s["initial_category"] == cat)

    v = t["cp_reviews"].sort_values(["plan_id", "review_date"]).copy()
    v["prev"] = v.groupby("plan_id")["review_date"].shift(1)
    v = v.merge(t["cp_plans"][["plan_id", "start_date"]], on="plan_id", how="left")
    base = v["prev"].fillna(v["start_date"])
    v["on_time"] = month_key(v["review_date"]) <= month_key(base) + np.where(
        v["prev"].isna(), 300, 600
    )
    v["year"] = reporting_year(v["review_date"])
    for y in years:
        s = v[v["year"] == y]
        out[y]["cp_reviews"] = len(s)
        out[y]["cp_reviews_on_time_pct"] = pct(s["on_time"])

    e = t["cla_episodes"]
    ends = {(c, d) for c, d in zip(e["child"], e["end_date"], strict=True) if pd.notna(d)}
    starts = {(c, d) for c, d in zip(e["child"], e["start_date"], strict=True)}
    begins = e[[(c, d) not in ends for c, d in zip(e["child"], e["start_date"], strict=True)]]
    finishes = e[e["end_date"].notna()]
    finishes = finishes[
        [(c, d) not in starts for c, d in zip(finishes["child"], finishes["end_date"], strict=True)]
    ]
    for y in years:
        out[y]["cla_started"] = begins[reporting_year(begins["start_date"]) == y]["child"].nunique()
        out[y]["cla_ceased"] = finishes[reporting_year(finishes["end_date"]) == y][
            "child"
        ].nunique()

    r_all, plans = t["referrals"], t["cp_plans"]
    for y in years:
        day = pd.Timestamp(dt.date(y, 3, 31))
        cin = (r_all["referral_date"] <= day) & (
            r_all["closure_date"].isna() | (r_all["closure_date"] > day)
        )
        out[y]["cin_31mar"] = int(cin.sum())
        on_plan = (plans["start_date"] <= day) & (
            plans["end_date"].isna() | (plans["end_date"] > day)
        )
        out[y]["cpp_31mar"] = int(on_plan.sum())
        out[y]["cpp_2yr_pct"] = pct(
            key(plans["start_date"]) <= key(pd.Series([day]))[0] - 20000, on_plan
        )
        looked_after = (e["start_date"] <= day) & (e["end_date"].isna() | (e["end_date"] > day))
        out[y]["cla_31mar"] = e[looked_after]["child"].nunique()
    for y in years:
        for m in range(4, 16):
            year, month = (y - 1, m) if m <= 12 else (y, m - 12)
            day = pd.Timestamp(dt.date(year, month, 1)) + pd.offsets.MonthEnd(0)
            cin = (r_all["referral_date"] <= day) & (
                r_all["closure_date"].isna() | (r_all["closure_date"] > day)
            )
            months[f"{year}-{month:02d} open"] = int(cin.sum())
    return {"years": out, "splits": splits, "months": months}
