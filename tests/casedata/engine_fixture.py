"""A handful of children whose every indicator is worked out by hand in test_engine_fixtures.py.

Reporting years 2024 (April 2023 - March 2024) and 2025 (April 2024 - March 2025). Dates are
chosen to sit on the edges: a re-referral exactly 12 months on and one a day late, 29 February,
assessments across Christmas and Easter that land on 44, 45 and 46 working days, a conference
15 working days after its strategy discussion across Easter, an episode that closes on 31
March, a plan open exactly 2 years, reviews exactly 3 and 6 months (and a day) after.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pyarrow as pa

from scrutineer.casedata.generator.tables import ARROW
from scrutineer.casedata.schema import TABLES

D = dt.date


def child(name, sex, ethnicity, disabled, born=None, expected=None):
    return {"child": name, "la": "999", "sex": sex, "ethnicity": ethnicity,
            "disabled": disabled, "birth_month": born, "expected_birth_month": expected}  # fmt: skip


def referral(name, rid, day, closed=None, reason=None, *, nfa=False, age=None):
    return {"child": name, "referral_id": rid, "referral_date": day, "closure_date": closed,
            "closure_reason": reason, "nfa": nfa, "age": age}  # fmt: skip


def assessment(name, rid, aid, start, authorised, factors):
    return {"child": name, "referral_id": rid, "assessment_id": aid, "start_date": start,
            "authorised_date": authorised, "factors": factors}  # fmt: skip


def enquiry(name, rid, sid, start, icpc):
    return {"child": name, "referral_id": rid, "s47_id": sid, "start_date": start,
            "icpc_date": icpc, "icpc_not_required": False}  # fmt: skip


def plan(name, pid, start, end, category, previous):
    return {"child": name, "referral_id": f"{name}-{pid}", "plan_id": pid, "start_date": start,
            "end_date": end, "initial_category": category, "previous_plans": previous}  # fmt: skip


def care(name, start, end, new, ended=None):
    return {"child": name, "start_date": start, "end_date": end, "reason_new": new,
            "reason_end": ended}  # fmt: skip


CHILDREN = [
    child("A", "F", "WBRI", False, born=D(2014, 6, 1)),  # a girl born June 2014
    child("B", "M", "APKN", True, born=D(2020, 1, 1)),  # a disabled boy
    child("C", "U", None, None, expected=D(2025, 6, 1)),  # not yet born
    child("D", "M", "BAFR", False, born=D(2008, 2, 1)),
    child("E", "F", "WBRI", False, born=D(2012, 3, 1)),
    child("F", "F", "MWBC", False, born=D(2016, 9, 1)),
]

REFERRALS = [
    referral("A", "A1", D(2023, 5, 10), D(2023, 8, 1), "RC7"),
    # exactly 12 months after A1: a re-referral; closed after assessment, not in need
    referral("A", "A2", D(2024, 5, 10), D(2025, 1, 15), "RC8"),
    referral("B", "B1", D(2023, 5, 9), D(2023, 6, 1), "RC7", age=3),
    # 12 months and a day after B1: not a re-referral; still open
    referral("B", "B2", D(2024, 5, 10), age=4),
    # unborn; no further action (closed RC8, but NFA, so not "assessed not in need")
    referral("C", "C1", D(2024, 12, 2), D(2024, 12, 2), "RC8", nfa=True),
    referral("D", "D1", D(2023, 3, 1), D(2023, 4, 1), "RC7"),
    # 29 February: the year before begins on 1 March, so D1 counts
    referral("D", "D2", D(2024, 2, 29)),
    referral("E", "E1", D(2023, 2, 28), D(2023, 3, 10), "RC7"),
    # ...and 28 February does not; closes on 31 March 2025, so not open that day
    referral("E", "E2", D(2024, 2, 29), D(2025, 3, 31), "RC7"),
]

ASSESSMENTS = [
    # across Christmas 2024: 6 working days
    assessment("A", "A2", "a1", D(2024, 12, 20), D(2025, 1, 2), ["3B", "4B"]),
    # across Easter 2024: 44 working days (46 without Good Friday and Easter Monday)
    assessment("D", "D2", "a2", D(2024, 2, 29), D(2024, 5, 3), ["21"]),
    # exactly 45, and 46
    assessment("E", "E2", "a3", D(2024, 3, 1), D(2024, 5, 8), ["3A", "11A"]),
    assessment("E", "E2", "a4", D(2024, 3, 1), D(2024, 5, 9), ["3C", "24A", "16A"]),
    # not finished: counts nowhere
    assessment("B", "B2", "a5", D(2025, 3, 3), None, []),
]

S47 = [
    enquiry("B", "B2", "s1", D(2024, 12, 23), D(2025, 1, 13)),  # across Christmas: 12 days
    enquiry("A", "A2", "s2", D(2024, 6, 3), D(2024, 6, 25)),  # 16 working days
    # started in 2024, conference in 2025 exactly 15 working days on, across Easter
    enquiry("E", "E2", "s3", D(2024, 3, 20), D(2024, 4, 12)),
]

CP_PLANS = [
    plan("B", "P0", D(2020, 5, 1), D(2021, 1, 1), "NEG", 0),
    plan("B", "P1", D(2025, 1, 13), None, "NEG", 0),  # B had P0: second plan
    # A's earlier plans are only in the count; ends on 31 March 2025, so not open that day
    plan("A", "P2", D(2024, 6, 25), D(2025, 3, 31), "EMO", 2),
    plan("E", "P3", D(2024, 11, 30), None, "PHY", 0),
    # open exactly 2 years at 31 March 2025, and a day short of it
    plan("D", "P4", D(2023, 3, 31), None, "NEG", 0),
    plan("F", "P5", D(2023, 4, 1), None, "MUL", 0),
]

CP_REVIEWS = [
    {"child": "A", "plan_id": "P2", "review_date": D(2024, 9, 25)},  # exactly 3 months: on time
    {"child": "A", "plan_id": "P2", "review_date": D(2025, 3, 26)},  # 6 months and a day: late
    {"child": "E", "plan_id": "P3", "review_date": D(2025, 2, 28)},  # 30 Nov + 3 months: on time
]

CLA_EPISODES = [
    # D: a period from January 2024 going on (a placement change on 1 June 2024)
    care("D", D(2024, 1, 10), D(2024, 6, 1), "S", "X1"),
    care("D", D(2024, 6, 1), None, "P"),
    # A: two periods in 2025
    care("A", D(2024, 7, 1), D(2024, 9, 1), "S", "E4A"),
    care("A", D(2024, 10, 15), D(2025, 2, 1), "S", "E4A"),
    # B: starts on 31 March 2025, so looked after that day
    care("B", D(2025, 3, 31), None, "S"),
]

POPULATION = {2023: 5000, 2024: 10000}


def tables(**extra: list[dict[str, Any]]) -> dict[str, pa.Table]:
    """Every canonical table, from the rows above (and any given instead)."""
    rows = {
        "children": CHILDREN,
        "referrals": REFERRALS,
        "assessments": ASSESSMENTS,
        "s47": S47,
        "cp_plans": CP_PLANS,
        "cp_reviews": CP_REVIEWS,
        "cla_episodes": CLA_EPISODES,
        **extra,
    }
    out = {}
    for table in TABLES:
        schema = pa.schema([(name, ARROW[kind]) for name, kind in table.columns])
        given = rows.get(table.name, [])
        out[table.name] = pa.Table.from_pylist(
            [{name: row.get(name) for name in schema.names} for row in given], schema=schema
        )
    return out
