"""``scrutineer indicators list [--json]``: the catalogue, for scripts and checks;
``scrutineer indicators starter``: add the starter catalogue's indicators that are missing;
``scrutineer indicators table``: the starter catalogue as the Markdown table in docs/indicators.md.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from scrutineer.partnership.models import Sector
from scrutineer.trends.models import FrequencyChoice, Indicator, Polarity, Unit
from scrutineer.trends.services import catalogue_load_starter
from scrutineer.trends.starter import STARTER

TABLE_HEADER = (
    "| code | name | unit | which way is better | frequency | source sector | benchmark |\n"
    "|---|---|---|---|---|---|---|\n"
)


def starter_table() -> str:
    """Every starter indicator as a row of a Markdown table (docs/indicators.md holds it, and a
    test checks that it is current)."""
    units, polarities = dict(Unit.choices), dict(Polarity.choices)
    frequencies, sectors = dict(FrequencyChoice.choices), dict(Sector.choices)
    rows = [
        f"| `{e.code}` | {e.name} | {units[e.unit]} | {polarities[e.polarity]} | "
        f"{frequencies[e.frequency]} | {sectors[e.sector]} | "
        f"{f'`{e.benchmark}`' if e.benchmark else ''} |\n"
        for e in STARTER
    ]
    return TABLE_HEADER + "".join(rows)


def catalogue_rows() -> list[dict[str, Any]]:
    indicators = Indicator.objects.select_related("agency").prefetch_related("priorities")
    return [
        {
            "code": i.code,
            "name": i.name,
            "sector": i.sector,
            "agency": i.agency.name if i.agency else None,
            "unit": i.unit,
            "polarity": i.polarity,
            "frequency": i.frequency,
            "numerator": i.numerator or None,
            "denominator": i.denominator or None,
            "target": None if i.target is None else float(i.target),
            "benchmark": i.benchmark_code or None,
            "priorities": [p.title for p in i.priorities.all()],
            "source": i.source,
            "active": i.active,
        }
        for i in indicators
    ]


class Command(BaseCommand):
    help = (
        "The indicator catalogue. list: every indicator with its unit, frequency and source. "
        "starter: add the starter catalogue's indicators that are not in the catalogue yet "
        "(never changes one that is). table: print the starter catalogue as a Markdown table."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        jobs = parser.add_subparsers(dest="job", required=True, metavar="JOB")
        listing = jobs.add_parser(
            "list", help="Every indicator in the catalogue, in catalogue order."
        )
        listing.add_argument("--json", action="store_true", help="Print JSON instead of text.")
        jobs.add_parser(
            "starter",
            help="Add the starter catalogue's indicators that are missing, as the catalogue "
            "page's button does, and say how many were added.",
        )
        jobs.add_parser(
            "table",
            help="Print the starter catalogue as a Markdown table (the one in docs/indicators.md).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        job = options["job"]
        if job == "starter":
            with transaction.atomic():
                added, kept = catalogue_load_starter()
            self.stdout.write(
                f"{added} indicator{'s' if added != 1 else ''} added from the starter "
                f"catalogue; {kept} already in the catalogue"
            )
        elif job == "table":
            self.stdout.write(starter_table(), ending="")
        elif options["json"]:
            self.stdout.write(json.dumps({"indicators": catalogue_rows()}, indent=2))
        else:
            self.list_text()

    def list_text(self) -> None:
        rows = catalogue_rows()
        if not rows:
            self.stdout.write(
                "The catalogue is empty: run 'scrutineer indicators starter' to begin."
            )
            return
        width = max(len(r["code"]) for r in rows)
        for r in rows:
            retired = "" if r["active"] else " (retired)"
            source = r["agency"] or r["source"]
            self.stdout.write(
                f"{r['code']:<{width}}  {r['name']}{retired}: {r['unit']}, {r['frequency']}, "
                f"{r['polarity']}, from {source}"
            )
