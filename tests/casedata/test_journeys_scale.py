"""Journeys at scale: DuckDB's counts against a plain-Python count of the same generated tables.

20,000 synthetic children (about 8,000 referred in the last year). The reference below reads
the canonical tables row by row and follows the definitions in ``journeys.py``'s docstring with
dictionaries and the calendar's own ``between``, sharing nothing with the query but the code
lists, so agreement on every step, flow and median means two independent readings meet.

The generator makes a contact just before each referral and others some weeks to two years
before a referral, so in its last year almost every child contacted is referred after a contact;
the year before has thousands contacted and not referred, so both years are compared. A few
children are referred after a contact outside their journey (a later referral of a child whose
journey follows an earlier one), the contact's fourth flow.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import defaultdict
from typing import Any

import duckdb
import pytest

from scrutineer.casedata.engine import codes
from scrutineer.casedata.generator import generate
from scrutineer.casedata.generator.tables import canonical
from scrutineer.casedata.journeys import (
    CONTACT,
    END,
    KEYS,
    NO_CONTACT,
    OUTSIDE,
    REFERRAL,
    Filters,
    journey,
    year_bounds,
)
from scrutineer.core.workdays import england_and_wales

CAL = england_and_wales()
NEVER = (10**9, 10**9)  # a suppression range no count reaches, to compare the raw figures


@pytest.fixture(scope="module")
def generated():
    syn = generate(children=20_000, years=2, seed=7)
    return syn.last_year, canonical(syn)


@pytest.fixture
def con(generated):
    _, tables = generated
    connection = duckdb.connect(":memory:")
    for name, table in tables.items():
        connection.register(name, table)
    with connection:
        yield connection


def _a_year_on(day: dt.date) -> dt.date:
    """The same date a year later: from 29 February, 1 March (the day after 28 February)."""
    before = day - dt.timedelta(days=1)
    try:
        return before.replace(year=before.year + 1) + dt.timedelta(days=1)
    except ValueError:  # the day before was 29 February: a year on from it is the 28th
        return before.replace(year=before.year + 1, day=28) + dt.timedelta(days=1)


def _age(on: dt.date, given: int | None, child: dict[str, Any]) -> int | None:
    if given is not None:
        return int(given)
    born = child.get("birth_month")
    if born is None:
        return -1 if child.get("expected_birth_month") is not None else None
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _earliest(rows: list[dict[str, Any]], column: str) -> dict[tuple[str, str], dt.date]:
    found: dict[tuple[str, str], dt.date] = {}
    for row in rows:
        day = row[column]
        key = (row["child"], row["referral_id"])
        if day is not None and (key not in found or day < found[key]):
            found[key] = day
    return found


def reference(tables: dict[str, Any], filters: Filters, year: int) -> dict[str, Any]:
    """Steps, any-route counts, flows and medians, counted child by child in Python."""
    rows = {name: table.to_pylist() for name, table in tables.items()}
    people = {c["child"]: c for c in rows["children"]}
    factors: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows["assessments"]:
        factors[(row["child"], row["referral_id"])] |= set(row["factors"] or [])
    dates = {
        "assessment": _earliest(rows["assessments"], "start_date"),
        "s47": _earliest(rows["s47"], "start_date"),
        "icpc": _earliest(rows["s47"], "icpc_date"),
        "cp_plan": _earliest(rows["cp_plans"], "start_date"),
    }
    episodes: dict[str, list[dt.date]] = defaultdict(list)
    for row in rows["cla_episodes"]:
        if row["start_date"] is not None:
            episodes[row["child"]].append(row["start_date"])
    start, end = year_bounds(year)
    in_year = [r for r in rows["referrals"] if start <= r["referral_date"] <= end]
    in_year.sort(key=lambda r: (r["child"], r["referral_date"], r["referral_id"]))

    def fits_on(name: str, on: dt.date, given: int | None) -> bool:
        """Whether the child meets the filters other than the factor on the day ``on``."""
        child = people.get(name, {})
        disabled = child.get("disabled")
        facts = {
            "age_band": codes.age_band(_age(on, given, child)),
            "sex": child.get("sex") or "U",
            "ethnicity": codes.ethnic_group(child.get("ethnicity")),
            "disability": codes.UNKNOWN
            if disabled is None
            else ("disabled" if disabled else "not_disabled"),
        }
        return all(
            not getattr(filters, name) or facts[name] == getattr(filters, name) for name in facts
        )

    def fits(referral: dict[str, Any]) -> bool:
        if filters.factor:
            had = factors.get((referral["child"], referral["referral_id"]), set())
            if not had & set(codes.FACTORS[filters.factor]):
                return False
        return fits_on(referral["child"], referral["referral_date"], referral["age"])

    journeys: dict[str, dict[str, dt.date | None]] = {}
    for referral in in_year:
        if referral["child"] in journeys or not fits(referral):
            continue
        key = (referral["child"], referral["referral_id"])
        day = referral["referral_date"]
        later = [d for d in episodes[referral["child"]] if day <= d < _a_year_on(day)]
        journeys[referral["child"]] = {
            "referral": day,
            **{step: found.get(key) for step, found in dates.items()},
            "looked_after": min(later) if later else None,
        }

    kids = list(journeys.values())
    out: dict[str, Any] = {"children": len(kids)}
    reached = kids
    for k, step in enumerate(KEYS[1:], start=1):
        now = [j for j in reached if j[step] is not None]
        days = [CAL.between(j[KEYS[k - 1]], j[step]) for j in now]  # type: ignore[arg-type]
        out[f"funnel_{step}"] = len(now)
        out[f"any_{step}"] = sum(1 for j in kids if j[step] is not None)
        out[f"median_{step}"] = float(statistics.median(days)) if days else None
        reached = now
    moves: dict[tuple[str, str], list[int]] = defaultdict(list)
    ended: dict[str, int] = defaultdict(int)
    for j in kids:
        path = [step for step in KEYS if j[step] is not None]
        for a, b in itertools.pairwise(path):
            moves[(a, b)].append(CAL.between(j[a], j[b]))  # type: ignore[arg-type]
        if path[-1] != KEYS[-1]:
            ended[path[-1]] += 1
    out["flows"] = {
        move: (len(days), float(statistics.median(days))) for move, days in moves.items()
    }
    out["flows"].update({(step, END[0]): (n, None) for step, n in ended.items()})
    if filters.factor:  # the contact step is left out
        out["contacts"] = None
        return out

    contacts: dict[str, list[dt.date]] = defaultdict(list)
    for row in rows["contacts"]:
        if row["contact_date"] is not None and start <= row["contact_date"] <= end:
            contacts[row["child"]].append(row["contact_date"])
    referred, waits = set(), []
    for name, j in journeys.items():
        before = [d for d in contacts.get(name, []) if d <= j["referral"]]  # type: ignore[operator]
        if before:
            referred.add(name)
            waits.append(CAL.between(max(before), j["referral"]))  # type: ignore[arg-type]
    referral_days: dict[str, list[dt.date]] = defaultdict(list)
    for row in rows["referrals"]:
        referral_days[row["child"]].append(row["referral_date"])
    others = [
        name for name, days in contacts.items()
        if name not in referred and fits_on(name, min(days), None)
    ]  # fmt: skip
    # referred on or after the first contact, up to the year end, by any referral at all
    outside = [n for n in others if any(min(contacts[n]) <= d <= end for d in referral_days[n])]
    went_no_further = [n for n in others if n not in outside]
    out["contacts"] = (
        len(referred),
        float(statistics.median(waits)) if waits else None,
        len(went_no_further),
        len(journeys) - len(referred),
        len(outside),
    )
    contact_flows = {
        (CONTACT[0], REFERRAL[0]): (len(referred), out["contacts"][1]),
        (CONTACT[0], OUTSIDE[0]): (len(outside), None),
        (CONTACT[0], END[0]): (len(went_no_further), None),
        (NO_CONTACT[0], REFERRAL[0]): (len(journeys) - len(referred), None),
    }
    out["flows"].update({move: n for move, n in contact_flows.items() if n[0]})
    return out


def _found(j) -> dict[str, Any]:
    out: dict[str, Any] = {"children": j.referrals}
    for step in j.steps[1:]:
        out[f"funnel_{step.key}"] = step.count
        out[f"any_{step.key}"] = step.any_route
        out[f"median_{step.key}"] = step.median_days
    out["flows"] = {(f.source, f.target): (f.count, f.median_days) for f in j.flows}
    c = j.contacts
    out["contacts"] = (
        None if c is None else (c.referred, c.median_days, c.ended, c.without, c.outside)
    )
    return out


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(factor="domestic_abuse", sex="F"),
        Filters(age_band="10_to_15", ethnicity="white", disability="not_disabled"),
    ],
    ids=["all children", "girls with domestic abuse", "white 10 to 15s not disabled"],
)
@pytest.mark.parametrize("years_back", [0, 1], ids=["last year", "the year before"])
def test_duckdb_counts_what_a_plain_count_of_every_child_counts(
    generated, con, filters, years_back
):
    last, tables = generated
    year = last - years_back
    expected = reference(tables, filters, year)
    assert expected["children"] > 300, "enough children for the comparison to mean something"
    assert _found(journey(con, filters, year=year, calendar=CAL, small=NEVER)) == expected


def test_the_generated_journeys_have_skips_and_every_step(generated, con):
    """The comparison above is only worth as much as the paths it covers."""
    year, _ = generated
    j = journey(con, Filters(), year=year, calendar=CAL, small=NEVER)
    assert all(step.count > 0 for step in j.steps)
    assert any(flow.skips for flow in j.flows)
    assert {f.source for f in j.flows if f.target == END[0]} >= set(KEYS[:-1])
    # a few are referred after a contact outside their journey (a later referral, say)
    assert j.contacts is not None
    assert j.contacts.outside > 0
    into_referral = {f.source: f.count for f in j.flows if f.target == REFERRAL[0]}
    assert set(into_referral) == {CONTACT[0], NO_CONTACT[0]}
    assert sum(into_referral.values()) == j.referrals
    # the year before has children contacted who were not referred after it
    before = journey(con, Filters(), year=year - 1, calendar=CAL, small=NEVER)
    assert before.contacts is not None
    assert before.contacts.ended > 300
    assert (CONTACT[0], END[0]) in {(f.source, f.target) for f in before.flows}


@pytest.mark.parametrize(
    "filters",
    [
        Filters(ethnicity="black", age_band="1_to_4"),
        Filters(ethnicity="asian", age_band="16_plus"),
        Filters(ethnicity="mixed", sex="M", disability="disabled"),
        Filters(age_band="unborn"),
        Filters(factor="domestic_abuse", ethnicity="other"),
    ],
    ids=["black 1 to 4s", "asian 16 plus", "disabled mixed boys", "unborn", "other, abuse"],
)
def test_with_a_narrow_filter_no_hidden_figure_can_be_worked_out(generated, con, filters):
    """Few children, so many small cells in awkward places: none of them, nor any cell hidden to
    protect them, is fixed by the totals that hold between the figures shown."""
    year, _ = generated
    j = journey(con, filters, year=year, calendar=CAL)
    hidden = j.suppression.hidden
    assert "primary" in hidden.values(), "the filter should leave some small cells"
    assert j.suppression.recoverable(j.totals()) == []
