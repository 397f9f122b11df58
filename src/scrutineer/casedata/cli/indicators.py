"""``scrutineer casedata indicators``: compute the indicators of a reporting year."""

from __future__ import annotations

import json
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from scrutineer.casedata.engine import INDICATORS, compute, from_parquet
from scrutineer.casedata.engine.sources import MissingTables

NAME = "indicators"
HELP = (
    "Compute the case-level indicators (codes as in docs/indicators-casedata.md) of a "
    "reporting year from the current snapshot, a given one, or a folder of Parquet tables. "
    "Values are unrounded in JSON."
)
NO_POPULATION = (
    "Rates are null: there is no ONS population for the local authority at mid-year {mid} "
    "(load the benchmarks with scrutineer benchmarks import, or give --population)."
)


def _whole(low: int, high: int, what: str):
    def parse(value: str) -> int:
        if not value.strip().isdigit() or not low <= int(value) <= high:
            raise ArgumentTypeError(f"must be {what} from {low} to {high}, not {value!r}")
        return int(value)

    return parse


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--year",
        type=_whole(2001, 2060, "a reporting year"),
        required=True,
        help="Reporting year: 2025 is April 2024 to March 2025.",
    )
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--snapshot", type=int, help="A snapshot's id (default: the current one).")
    source.add_argument(
        "--from",
        dest="folder",
        type=Path,
        help="A folder of Parquet files, one per canonical table (as generate writes in tables/).",
    )
    parser.add_argument(
        "--population",
        type=_whole(1, 100_000_000, "a number of children"),
        help="The population aged 0-17 at mid-year YEAR-1 (default: the ONS figure stored).",
    )
    parser.add_argument("--json", action="store_true", help="Print JSON.")
    parser.add_argument("--months", action="store_true", help="Add the months of the year.")
    parser.add_argument(
        "--splits", action="store_true", help="Add age band, sex, ethnicity and disability."
    )


def _source(options: dict[str, Any]) -> tuple[str, Any, str]:
    """(label, tables for ``from_parquet``, object id for the access log)."""
    if options["folder"] is not None:
        folder = options["folder"].expanduser()
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder")
        return str(folder), folder, str(folder)
    from scrutineer.casedata import store

    snapshot = options["snapshot"]
    if snapshot is None:
        current = store.current()
        if current is None:
            raise CommandError(
                "There is no snapshot yet: import files with  scrutineer casedata import PATH, "
                "or give a folder of tables with --from"
            )
        snapshot = current.pk
    try:
        return str(snapshot), store.tables(snapshot), str(snapshot)
    except store.StoreError as error:
        raise CommandError(str(error)) from error


def _population(tables: Any, backend: Any, year: int) -> int | None:
    """The ONS population of the local authorities in the data, at mid-year ``year - 1``; None
    unless every one of them has a figure."""
    from scrutineer.trends.models import Level, Population

    codes = backend.to_pyarrow(tables["children"].select("la").distinct())
    las = sorted({str(x) for x in codes.column("la").to_pylist() if x})
    found = dict(
        Population.objects.filter(
            level=Level.LOCAL_AUTHORITY, area_code__in=las, mid_year=year - 1
        ).values_list("area_code", "population")
    )
    if not las or set(found) != set(las):
        return None
    return sum(found.values())


def run(command: Any, options: dict[str, Any]) -> None:
    import ibis

    from scrutineer.core.accesslog import record_access
    from scrutineer.core.calendar import statutory_calendar

    year = options["year"]
    label, source, object_id = _source(options)
    backend = ibis.duckdb.connect()
    try:
        tables = from_parquet(source, backend)
    except MissingTables as error:
        raise CommandError(f"{label}: {error}") from error
    people = options["population"] or _population(tables, backend, year)
    result = compute(
        tables,
        years=[year],
        population={year - 1: people} if people else None,
        calendar=statutory_calendar(),
        backend=backend,
    )
    record_access(
        None,
        action="read",
        object_type="casedata.snapshot",
        object_id=object_id,
        description=f"Indicators for {year} computed from case-level data",
    )
    note = None if people else NO_POPULATION.format(mid=year - 1)
    payload: dict[str, Any] = {
        "year": year,
        "snapshot": label,
        "population": people,
        "indicators": result.years[year],
    }
    if note:
        payload["note"] = note
    if options["months"]:
        payload["months"] = result.months
    if options["splits"]:
        payload["splits"] = result.splits.get(year, {})
    if options["json"]:
        command.stdout.write(json.dumps(payload, indent=1))
        return
    command.stdout.write(f"Reporting year {year} (April {year - 1} to March {year}) from {label}")
    for code, value in result.years[year].items():
        ind = INDICATORS[code]
        command.stdout.write(f"  {code:<42} {_shown(code, value):>10}  {ind.title}")
    if note:
        command.stdout.write(note)


def _shown(code: str, value: Any) -> str:
    """As the DfE publishes: one decimal place, children-looked-after rates whole."""
    if value is None:
        return "-"
    if isinstance(value, int):
        return f"{value:,}"
    if code.startswith("cla_") and code.endswith("rate"):
        return f"{value:.0f}"
    return f"{value:.1f}"
