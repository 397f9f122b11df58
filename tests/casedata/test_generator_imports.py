"""The generator's files through the importers (when they are there): no problems reported.

A clean synthetic file must import cleanly; a problem here is a mistake in the generator's
files or in an importer, and either is worth knowing. Skipped if an importer is not there.
"""

from __future__ import annotations

import collections
import datetime as dt

import pytest

from scrutineer.casedata.generator import generate
from scrutineer.casedata.generator.files import write
from scrutineer.casedata.importers.base import Problem, Row


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    syn = generate(children=300, years=2, seed=21)
    out = tmp_path_factory.mktemp("imports")
    for fmt in ("cin", "annexa", "903"):
        write(syn, fmt, out / fmt, tables=False, truth=False)
    return out


def imported(module, path, **options):
    rows: collections.Counter[str] = collections.Counter()
    problems = []
    assert module.detect(path)
    for event in module.read(path, pseudonymise=lambda x: f"P{x}", **options):
        if isinstance(event, Row):
            rows[event.table] += 1
        elif isinstance(event, Problem):
            problems.append(f"{event.rule}: {event.message} ({event.record})")
    return rows, problems


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_cin_census_imports_without_a_problem(folder, year):
    cin = pytest.importorskip("scrutineer.casedata.importers.cin")
    rows, problems = imported(cin, folder / "cin" / f"cin_{year}.xml")
    assert problems == []
    assert rows["children"] > 50
    assert rows["referrals"] >= rows["children"]


def test_the_annex_a_workbook_imports_without_a_problem(folder):
    annexa = pytest.importorskip("scrutineer.casedata.importers.annexa")
    path = folder / "annexa" / "annex_a.xlsx"
    rows, problems = imported(annexa, path, reference_date=dt.date(2025, 3, 31))
    assert problems == []
    assert rows["referrals"] > 0


def test_the_ssda903_tables_import_without_a_problem(folder):
    ssda903 = pytest.importorskip("scrutineer.casedata.importers.ssda903")
    path = folder / "903" / "ssda903_2025"
    rows, problems = imported(ssda903, path, reference_date=dt.date(2025, 3, 31))
    assert problems == []
    assert rows["cla_episodes"] > 0
