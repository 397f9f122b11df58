"""Case sampling: criteria, random and stratified draws, seeds, and no identifiers."""

from __future__ import annotations

import json
from collections import Counter
from io import StringIO

import duckdb
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scrutineer.casedata.demo import snapshot_write
from scrutineer.casedata.sampling import Criteria, _shares, candidates, draw, sample
from scrutineer.core.models import AccessLogEntry

from .journeys_tables import D, child, tables

TODAY = D(2025, 3, 31)
SEPTEMBER = D(2024, 9, 1)


def _connect(made):
    con = duckdb.connect(":memory:")
    for name, table in made.items():
        con.register(name, table)
    return con


def _case(n: int, *, sex="F", category="NEG", plan: D | None = SEPTEMBER, factors=("3A",), **kw):
    return {
        "child": child(f"P{n:03d}", sex=sex, **kw),
        "referral": {
            "child": f"P{n:03d}",
            "referral_id": f"R{n}",
            "referral_date": plan.replace(day=1) if plan else D(2024, 5, 1),
        },
        "assessment": {
            "child": f"P{n:03d}",
            "referral_id": f"R{n}",
            "assessment_id": f"A{n}",
            "start_date": D(2024, 6, 1),
            "authorised_date": D(2024, 7, 1),
            "factors": list(factors),
        },
        "plan": None
        if plan is None
        else {
            "child": f"P{n:03d}",
            "referral_id": f"R{n}",
            "plan_id": f"C{n}",
            "start_date": plan,
            "initial_category": category,
        },
    }


def _tables(cases):
    return tables(
        children=[c["child"] for c in cases],
        referrals=[c["referral"] for c in cases],
        assessments=[c["assessment"] for c in cases],
        cp_plans=[c["plan"] for c in cases if c["plan"]],
    )


@pytest.fixture
def worked():
    cases = [
        _case(1),  # fits all: neglect, started Sep 2024, domestic abuse (3A)
        _case(2, factors=("16A",)),  # no domestic abuse
        _case(3, category="PHY"),  # physical abuse plan
        _case(4, plan=D(2023, 11, 1)),  # plan too long ago for 12 months
        _case(5, factors=("3B", "4B")),  # domestic abuse of the parent counts
        _case(6, plan=None),  # no plan
    ]
    return _connect(_tables(cases))


def test_it_finds_plans_under_neglect_in_the_last_12_months_with_domestic_abuse(worked):
    found = candidates(
        worked, Criteria(category="NEG", within_months=12, factor="domestic_abuse"), today=TODAY
    )
    assert [r["child"] for r in found] == ["P001", "P005"]
    first = found[0]
    assert first["plan_start"] == D(2024, 9, 1)
    assert first["assessment_authorised"] == D(2024, 7, 1)
    assert first["factors"] == "3A"
    assert first["age_band"] == "5_to_9"
    assert first["ethnicity"] == "white"


def test_it_filters_by_characteristics(worked):
    assert len(candidates(worked, Criteria(), today=TODAY)) == 6
    assert candidates(worked, Criteria(sex="M"), today=TODAY) == []
    assert len(candidates(worked, Criteria(disability="not_disabled"), today=TODAY)) == 6


def test_the_same_seed_gives_the_same_sample_and_another_seed_another():
    rows = [{"child": f"P{n:03d}", "sex": "F"} for n in range(200)]
    one = draw(rows, size=10, seed=42)
    assert one.rows == draw(list(reversed(rows)), size=10, seed=42).rows
    assert one.rows != draw(rows, size=10, seed=43).rows
    assert len({r["child"] for r in one.rows}) == 10
    assert one.candidates == 200


def test_a_stratified_sample_keeps_the_proportions():
    rows = [{"child": f"P{n:03d}", "sex": "F" if n < 150 else "M"} for n in range(200)]
    picked = draw(rows, size=20, seed=7, stratify="sex")
    assert Counter(r["sex"] for r in picked.rows) == {"F": 15, "M": 5}


def test_shares_give_every_group_one_and_never_more_than_it_has():
    assert _shares({"a": 98, "b": 1, "c": 1}, 10) == {"a": 8, "b": 1, "c": 1}
    assert _shares({"a": 2, "b": 1}, 10) == {"a": 2, "b": 1}
    assert sum(_shares({"a": 5, "b": 5, "c": 5}, 7).values()) == 7


def test_a_sample_never_holds_identifiers_or_dates_of_birth(worked):
    found = sample(worked, Criteria(), size=3, seed=1, today=TODAY)
    for row in found.rows:
        assert "birth_month" not in row
        assert "referral_id" not in row
        assert "la" not in row
        assert row["child"].startswith("P")


def test_bad_choices_are_refused():
    with pytest.raises(ValueError, match="cannot stratify by 'name'"):
        draw([], size=1, seed=1, stratify="name")
    with pytest.raises(ValueError, match="at least 1"):
        draw([], size=0, seed=1)


@pytest.fixture
def snapshot(db, settings, tmp_path):
    settings.CASEDATA_DIR = tmp_path / "casedata"
    cases = [_case(n, sex="F" if n % 3 else "M") for n in range(1, 31)]
    return snapshot_write(_tables(cases), la="383", source_name="hand-made")


def test_the_command_prints_json_and_logs_the_export(snapshot):
    out = StringIO()
    args = [
        "casedata",
        "sample",
        "--criteria",
        "category=neg,within_months=12",
        "--size",
        "6",
        "--seed",
        "42",
        "--stratify",
        "sex",
        "--on",
        "2025-03-31",
        "--json",
    ]
    call_command(*args, stdout=out)
    payload = json.loads(out.getvalue())
    assert payload["candidates"] == 30
    assert Counter(r["sex"] for r in payload["sample"]) == {"F": 4, "M": 2}
    again = StringIO()
    call_command(*args, stdout=again)
    assert json.loads(again.getvalue())["sample"] == payload["sample"]
    assert AccessLogEntry.objects.filter(action="export", object_id=str(snapshot.pk)).count() == 2


def test_the_command_refuses_bad_criteria(snapshot):
    with pytest.raises(CommandError, match="'colour=red' is not name=value"):
        call_command("casedata", "sample", "--criteria", "colour=red")
