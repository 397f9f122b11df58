"""Case sampling for multi-agency audits: children chosen by criteria, at random or stratified.

An audit asks for, say, ten children on child protection plans under neglect that started in
the last twelve months, with domestic abuse at assessment. ``candidates`` finds every child who
fits, from one snapshot, with the case facts an auditor needs; ``draw`` picks the sample.

- **The unit is a child**, through one referral (child in need episode): the child's latest
  episode that meets the criteria, with its first assessment (dates, factors at the end of it)
  and its first child protection plan (start, initial category). Legal status is that of the
  child's latest looked-after episode.
- **"Started within N months"** counts back from ``today``: from the plan's start when a plan
  category is asked for, else from the referral.
- **Reproducible.** Candidates are ordered by pseudonym and drawn with ``random.Random(seed)``:
  the same snapshot, criteria, size and seed give the same sample on any machine.
- **Stratified** samples share the size among the groups of a characteristic in proportion to
  their number of candidates (largest remainders; at least one from each group when the size
  allows), then draw at random within each group.
- **Least data.** A row holds the pseudonym and facts: dates, category, factor codes, age band,
  sex, ethnic group, disability, legal status. Never an identifier, a name or a date of birth.

Plain Python over DuckDB: ``candidates`` takes a connection with a view per canonical table
(``store.connect(snapshot)``, or a test's in-memory tables).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .engine import codes

STRATA = ("sex", "age_band", "ethnicity", "disability", "category")
LEGAL_STATUSES = ("C1", "C2", "D1", "E1", "J1", "J2", "J3", "L1", "L2", "L3", "V2", "V3", "V4")
#: The columns of a sample, in order, as the page, the CSV and the JSON give them.
COLUMNS = (
    ("child", "Pseudonym"),
    ("referral_date", "Referral"),
    ("assessment_start", "Assessment started"),
    ("assessment_authorised", "Assessment completed"),
    ("factors", "Factors at assessment"),
    ("plan_start", "Plan started"),
    ("category", "Plan category"),
    ("age_band", "Age band at referral"),
    ("sex", "Sex"),
    ("ethnicity", "Ethnic group"),
    ("disability", "Disability"),
    ("legal_status", "Legal status (looked after)"),
)


@dataclass(frozen=True)
class Criteria:
    """What the sample is drawn from; blank means any."""

    category: str = ""  # NEG, PHY, SAB, EMO, MUL: the child had a plan starting in this category
    within_months: int | None = None
    factor: str = ""  # a name of codes.FACTORS, like domestic_abuse
    age_band: str = ""
    sex: str = ""
    ethnicity: str = ""  # an ethnic group of codes.ETHNIC_GROUPS
    disability: str = ""  # disabled, not_disabled, unknown
    legal_status: str = ""

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in dataclasses.asdict(self).items() if v not in ("", None)]
        return ", ".join(parts) or "all children"


@dataclass(frozen=True)
class Sample:
    rows: list[dict[str, Any]]
    candidates: int
    stratify: str = ""
    seed: int = 0


_QUERY = """
WITH a AS (
    SELECT referral_id, child, min(start_date) AS assessment_start,
           arg_min(authorised_date, start_date) AS assessment_authorised,
           arg_min(factors, start_date) AS factors
    FROM assessments GROUP BY referral_id, child
), p AS (
    SELECT referral_id, child, min(start_date) AS plan_start,
           arg_min(initial_category, start_date) AS category
    FROM cp_plans GROUP BY referral_id, child
), l AS (
    SELECT child, arg_max(legal_status, start_date) AS legal_status
    FROM cla_episodes GROUP BY child
)
SELECT r.child, r.referral_date, a.assessment_start, a.assessment_authorised, a.factors,
       p.plan_start, p.category, r.age, c.birth_month, c.expected_birth_month, c.sex,
       c.ethnicity, c.disabled, l.legal_status
FROM referrals r
LEFT JOIN children c ON c.child = r.child
LEFT JOIN a ON a.referral_id = r.referral_id AND a.child = r.child
LEFT JOIN p ON p.referral_id = r.referral_id AND p.child = r.child
LEFT JOIN l ON l.child = r.child
WHERE r.referral_date IS NOT NULL
"""


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _age(row: dict[str, Any]) -> int | None:
    if row["age"] is not None:
        return int(row["age"])
    born, on = row["birth_month"], row["referral_date"]
    if born is None:
        return -1 if row["expected_birth_month"] is not None else None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _facts(row: dict[str, Any]) -> dict[str, Any]:
    disabled = row["disabled"]
    return {
        "child": row["child"],
        "referral_date": row["referral_date"],
        "assessment_start": row["assessment_start"],
        "assessment_authorised": row["assessment_authorised"],
        "factors": " ".join(sorted(row["factors"] or [])),
        "plan_start": row["plan_start"],
        "category": row["category"] or "",
        "age_band": codes.age_band(_age(row)),
        "sex": row["sex"] or "U",
        "ethnicity": codes.ethnic_group(row["ethnicity"]),
        "disability": codes.UNKNOWN
        if disabled is None
        else ("disabled" if disabled else "not_disabled"),
        "legal_status": row["legal_status"] or "",
    }


def _fits(row: dict[str, Any], raw: dict[str, Any], c: Criteria, since: dt.date | None) -> bool:
    if c.category and row["category"] != c.category:
        return False
    if since is not None:
        when = raw["plan_start"] if c.category else raw["referral_date"]
        if when is None or when < since:
            return False
    if c.factor and not set(codes.FACTORS[c.factor]) & set(raw["factors"] or []):
        return False
    return all(
        not wanted or row[name] == wanted
        for name, wanted in (
            ("age_band", c.age_band),
            ("sex", c.sex),
            ("ethnicity", c.ethnicity),
            ("disability", c.disability),
            ("legal_status", c.legal_status),
        )
    )


def candidates(con: Any, criteria: Criteria, *, today: dt.date) -> list[dict[str, Any]]:
    """Every child who fits the criteria, once (their latest fitting episode), by pseudonym."""
    if criteria.factor and criteria.factor not in codes.FACTORS:
        raise ValueError(f"{criteria.factor!r} is not a factor at assessment")
    since = _months_before(today, criteria.within_months) if criteria.within_months else None
    cursor = con.execute(_QUERY)
    names = [d[0] for d in cursor.description]
    latest: dict[str, dict[str, Any]] = {}
    for values in cursor.fetchall():
        raw = dict(zip(names, values, strict=True))
        row = _facts(raw)
        if not _fits(row, raw, criteria, since):
            continue
        kept = latest.get(row["child"])
        if kept is None or row["referral_date"] > kept["referral_date"]:
            latest[row["child"]] = row
    return [latest[child] for child in sorted(latest)]


def _shares(sizes: dict[str, int], size: int) -> dict[str, int]:
    """How many to draw from each group: in proportion, by largest remainders, at least one
    from each group while the size allows, never more than a group has."""
    total = sum(sizes.values())
    size = min(size, total)
    if not total:
        return dict.fromkeys(sizes, 0)
    exact = {g: size * n / total for g, n in sizes.items()}
    out = {g: int(x) for g, x in exact.items()}
    floor = 1 if size >= len(sizes) else 0
    for g in out:
        out[g] = max(out[g], floor)
    order = sorted(sizes, key=lambda g: (-(exact[g] - int(exact[g])), g))
    while sum(out.values()) < size:
        for g in order:
            if sum(out.values()) < size and out[g] < sizes[g]:
                out[g] += 1
    while sum(out.values()) > size:
        biggest = max((g for g in out if out[g] > floor), key=lambda g: (out[g] - exact[g], g))
        out[biggest] -= 1
    return out


def draw(rows: Sequence[dict[str, Any]], *, size: int, seed: int, stratify: str = "") -> Sample:
    """A random (or stratified) sample of ``size`` rows, the same for the same seed."""
    if size < 1:
        raise ValueError("the sample size must be at least 1")
    if stratify and stratify not in STRATA:
        raise ValueError(f"cannot stratify by {stratify!r}: choose one of {', '.join(STRATA)}")
    rng = random.Random(seed)  # noqa: S311 - reproducible by design, not a secret
    ordered = sorted(rows, key=lambda r: r["child"])
    if not stratify:
        picked = rng.sample(ordered, min(size, len(ordered)))
    else:
        groups: dict[str, list[dict[str, Any]]] = {}
        for row in ordered:
            groups.setdefault(str(row[stratify]), []).append(row)
        shares = _shares({g: len(members) for g, members in groups.items()}, size)
        picked = []
        for group in sorted(groups):
            picked += rng.sample(groups[group], shares[group])
    picked.sort(key=lambda r: (str(r[stratify]) if stratify else "", r["child"]))
    return Sample(rows=picked, candidates=len(ordered), stratify=stratify, seed=seed)


def sample(
    con: Any, criteria: Criteria, *, size: int, seed: int, today: dt.date, stratify: str = ""
) -> Sample:
    return draw(candidates(con, criteria, today=today), size=size, seed=seed, stratify=stratify)
