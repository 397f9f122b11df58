"""``scrutineer indicators``: list the catalogue, load the starter catalogue, and print the
starter table that docs/indicators.md holds (a test here fails when the docs fall behind)."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from scrutineer.trends.management.commands.indicators import starter_table
from scrutineer.trends.models import Indicator
from scrutineer.trends.starter import STARTER

from .factories import make_indicator

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> str:
    out = StringIO()
    call_command("indicators", *args, stdout=out)
    return out.getvalue()


def test_it_lists_the_catalogue_as_text_and_as_json(db, police):
    indicator = make_indicator("missing_episodes", police, name="Missing episodes", target=40)
    make_indicator("old_one", name="Old one", active=False)
    text = run("list")
    assert re.search(
        r"missing_episodes\s+Missing episodes: count, monthly, neutral, from Testshire Police", text
    )
    assert "Old one (retired)" in text
    data = json.loads(run("list", "--json"))
    first = data["indicators"][0]
    assert first["code"] == indicator.code
    assert first["target"] == 40.0
    assert first["agency"] == "Testshire Police"
    assert data["indicators"][1]["active"] is False


def test_an_empty_catalogue_says_how_to_begin(db):
    assert "run 'scrutineer indicators starter'" in run("list")
    assert json.loads(run("list", "--json")) == {"indicators": []}


def test_it_loads_the_starter_catalogue_once(db):
    assert run("starter").strip() == (
        f"{len(STARTER)} indicators added from the starter catalogue; 0 already in the catalogue"
    )
    assert Indicator.objects.count() == len(STARTER)
    assert run("starter").startswith("0 indicators added")


def test_the_starter_table_has_a_row_for_every_starter_indicator():
    table = starter_table()
    lines = table.strip().splitlines()
    assert len(lines) == 2 + len(STARTER)
    assert (
        "| `referral_rate` | Referral rate per 10,000 children | Rate per 10,000 children |"
        in table
    )
    assert run("table") == table


def test_the_indicator_docs_hold_the_current_starter_table():
    written = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    match = re.search(
        r"<!-- starter catalogue: begin -->\n(.*?)<!-- starter catalogue: end -->", written, re.S
    )
    assert match, "docs/indicators.md has lost its starter catalogue markers"
    assert match.group(1) == starter_table(), (
        "docs/indicators.md is out of date: paste in the output of `scrutineer indicators table`"
    )
