"""``scrutineer enquiries suggest`` from the command line."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scrutineer.trends.models import Suggestion
from scrutineer.trends.services import return_for


@pytest.fixture(autouse=True)
def no_benchmarks(monkeypatch):
    monkeypatch.setattr("scrutineer.trends.benchmarks.benchmark_summary", lambda **kwargs: {})


def run(*args: str) -> str:
    out = StringIO()
    call_command("enquiries", *args, stdout=out)
    return out.getvalue()


def test_it_prints_each_new_suggestion_and_makes_none_twice(police):
    return_for(agency=police, quarter_start=dt.date(2025, 4, 1))
    first = run("suggest", "--date", "2025-08-11")
    assert "[Missing return] Testshire Police's return for April to June 2025" in first
    assert "1 new suggestion." in first
    assert "0 new suggestions." in run("suggest", "--date", "2025-08-11")
    assert Suggestion.objects.count() == 1


def test_a_return_is_not_late_on_its_due_date(police):
    return_for(agency=police, quarter_start=dt.date(2025, 4, 1))
    assert "0 new suggestions." in run("suggest", "--date", "2025-07-21")


def test_it_refuses_a_date_it_cannot_read(db):
    with pytest.raises(CommandError, match="--date must be a date like 2026-03-27"):
        run("suggest", "--date", "11/08/2025")
