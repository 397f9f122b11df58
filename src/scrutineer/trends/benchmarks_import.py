"""Importing the DfE's published tables and ONS population into the benchmark models.

``benchmarks_import(directory=...)`` reads every CSV file in a folder, recognises each by its
columns (``trends/dfe.py``), and stores its figures; files it does not recognise are listed with
the reason. Each file is imported in a transaction of its own, so a file that fails leaves
nothing behind and the others still load. Rates per 10,000 children are computed last, from the
stored counts and the ONS population of mid-year Y-1, so the files can come in any order and
importing again gives the same rows (every write is an upsert on the natural key).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Field, Model

from . import dfe
from .models import BenchmarkValue, LocalAuthority, Population, StatisticalNeighbour

BATCH = 2000
COMPUTED = "computed: "
Progress = Callable[[str], None]


class BenchmarkImportError(Exception):
    """The import cannot start (no such folder); the message says why."""


@dataclass
class FileReport:
    name: str
    title: str
    kind: str
    rows: int = 0
    values: int = 0
    measures: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    skipped_rows: int = 0


@dataclass
class ImportReport:
    """What an import did: the files recognised, the files skipped and why, the rates computed."""

    directory: Path
    files: list[FileReport] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    rates: int = 0
    rate_measures: set[str] = field(default_factory=set)

    @property
    def rows(self) -> int:
        return sum(report.rows for report in self.files)

    @property
    def measures(self) -> list[str]:
        found: set[str] = set(self.rate_measures)
        for report in self.files:
            found |= report.measures
        return sorted(found)


def benchmarks_import(*, directory: Path | str, progress: Progress | None = None) -> ImportReport:
    """Import every DfE or ONS file in ``directory``; see the module docstring."""
    folder = Path(directory)
    if not folder.is_dir():
        raise BenchmarkImportError(f"{folder}: no such folder")
    say = progress or (lambda message: None)
    report = ImportReport(directory=folder)
    recognised: list[dfe.DfeFile] = []
    for path in sorted(folder.iterdir()):
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix.lower() != ".csv":
            report.skipped.append((path.name, "not a CSV file"))
            continue
        try:
            recognised.append(dfe.recognise(path))
        except dfe.UnrecognisedFile as error:
            report.skipped.append((path.name, str(error)))
    # Population and the tables first, then the neighbour models (which name LAs the tables
    # bring), then the rates that need both counts and population.
    recognised.sort(
        key=lambda f: (
            f.kind is not dfe.Kind.POPULATION,
            f.kind is dfe.Kind.NEIGHBOURS,
            f.path.name,
        )
    )
    for found in recognised:
        say(f"Reading {found.path.name}: {found.title}")
        try:
            with transaction.atomic():
                file_report = _import_file(found)
        except (UnicodeDecodeError, csv.Error) as error:
            reason = f"could not be read to the end ({error}); nothing from it was kept"
            report.skipped.append((found.path.name, reason))
            continue
        report.files.append(file_report)
        say(f"  {file_report.rows} rows, {file_report.values} figures")
    say("Computing rates per 10,000 children from the counts and the ONS population")
    with transaction.atomic():
        report.rates, report.rate_measures = _compute_rates()
    say(f"  {report.rates} rates")
    return report


def _import_file(found: dfe.DfeFile) -> FileReport:
    report = FileReport(name=found.path.name, title=found.title, kind=found.kind.value)
    if found.kind is dfe.Kind.NEIGHBOURS:
        _import_neighbours(found, report)
    else:
        _import_table(found, report)
    report.problems, report.problem_count = found.problems, found.problem_count
    report.skipped_rows = found.skipped_rows
    return report


class _Upserts:
    """Buffered upserts of one model on its natural key, at most ``BATCH`` rows in memory.

    The statement is ``INSERT ... ON CONFLICT (key) DO UPDATE``, which SQLite and PostgreSQL
    both understand. The ORM's ``bulk_create(update_conflicts=True)`` says the same, but
    preparing a hundred thousand values through the model's fields took most of the import's
    time, too long for ``make run``. So SQLite gets ``executemany`` of one row's statement (no
    round trips: it is in the process), and PostgreSQL gets one statement a batch whose values
    arrive as one array a column (``unnest``): a row at a time is a round trip a row, and a
    statement with thousands of placeholders is slow for the driver to prepare. Rows are tuples
    in the order ``unique + update``."""

    def __init__(self, model: type[Model], unique: list[str], update: list[str]) -> None:
        self.size = len(unique)
        self.pending: dict[tuple, tuple] = {}
        self.written = 0
        name = connection.ops.quote_name
        fields: list[Field] = []
        for field_name in [*unique, *update]:
            field = model._meta.get_field(field_name)
            assert isinstance(field, Field)
            fields.append(field)
        columns = [name(str(field.column)) for field in fields]
        changes = ", ".join(f"{c} = excluded.{c}" for c in columns[self.size :])
        tail = f" ON CONFLICT ({', '.join(columns[: self.size])}) DO UPDATE SET {changes}"
        head = f"INSERT INTO {name(model._meta.db_table)} ({', '.join(columns)}) "
        self.arrays = connection.vendor == "postgresql"
        if self.arrays:
            casts = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            values = f"SELECT * FROM unnest({casts})"  # noqa: S608 (names only; see below)
        else:
            values = f"VALUES ({', '.join(['%s'] * len(fields))})"
        # Only the model's own quoted table and column names are in the text; every value is
        # a parameter.
        self.sql = head + values + tail

    def add(self, row: tuple) -> None:
        # A later row for the same key wins, within and across batches.
        self.pending[row[: self.size]] = row
        if len(self.pending) >= BATCH:
            self.flush()

    def flush(self) -> None:
        rows = list(self.pending.values())
        if rows:
            with connection.cursor() as cursor:
                if self.arrays:
                    cursor.execute(self.sql, [list(column) for column in zip(*rows, strict=True)])
                else:
                    cursor.executemany(self.sql, rows)
        self.written += len(rows)
        self.pending = {}


def _values() -> _Upserts:
    return _Upserts(
        BenchmarkValue,
        ["measure", "year", "level", "area_code"],
        ["area_name", "value", "marker", "source_file"],
    )


def _import_table(found: dfe.DfeFile, report: FileReport) -> None:
    gss_to_code = dict(LocalAuthority.objects.exclude(gss_code="").values_list("gss_code", "code"))
    authorities: dict[str, tuple[int, LocalAuthority]] = {}
    values = _values()
    people = _Upserts(Population, ["level", "area_code", "mid_year"], ["population"])
    seen: dict[tuple[int, str, str], int] = {}
    unplaced: list[dfe.Record] = []

    def store(record: dfe.Record) -> None:
        key = (record.year, record.level, record.area_code)
        if key in seen:
            found.problem(
                f"row {record.line}: a second row for {record.area_name or record.area_code} in "
                f"{record.year} (the first is row {seen[key]}); the later row is kept"
            )
        seen[key] = record.line
        report.rows += 1
        if record.level == "la":
            _remember(authorities, record)
        if found.kind is dfe.Kind.POPULATION:
            cell = dfe.population(record)
            if cell.value is not None and cell.value >= 0:
                people.add((record.level, record.area_code, record.year, int(cell.value)))
            return
        for figure in dfe.measures(found, record):
            report.measures.add(figure.measure)
            values.add(_value(figure.measure, record, figure.cell, found.path.name))

    for record in found.records():
        if record.level == "la" and not record.area_code:
            record.area_code = gss_to_code.get(record.gss_code, "")
            if not record.area_code:
                unplaced.append(record)  # perhaps a later row of this file names its code
                continue
        if record.level == "la" and record.gss_code:
            gss_to_code.setdefault(record.gss_code, record.area_code)
        store(record)
    for record in unplaced:
        record.area_code = gss_to_code.get(record.gss_code, "")
        if record.area_code:
            store(record)
        else:
            found.problem(
                f"row {record.line}: {record.area_name or 'a local authority'} has no three-digit "
                f"DfE code and its GSS code {record.gss_code or '(none)'} is not known; left out"
            )
    values.flush()
    people.flush()
    report.values = values.written + people.written
    if authorities:
        LocalAuthority.objects.bulk_create(
            [authority for _, authority in authorities.values()],
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["gss_code", "name", "region_code", "region_name"],
        )


def _remember(authorities: dict[str, tuple[int, LocalAuthority]], record: dfe.Record) -> None:
    """Keep each LA's name, GSS code and region as the file's latest year gives them."""
    known = authorities.get(record.area_code)
    if known is not None and known[0] > record.year:
        return
    authorities[record.area_code] = (
        record.year,
        LocalAuthority(
            code=record.area_code,
            gss_code=record.gss_code,
            name=record.area_name[:120] or record.area_code,
            region_code=record.region_code[:9],
            region_name=record.region_name[:60],
        ),
    )


def _value(measure: str, record: dfe.Record, cell: dfe.Cell, source: str) -> tuple:
    return _row(
        measure, record.year, record.level, record.area_code, record.area_name, cell, source
    )


def _row(
    measure: str, year: int, level: str, area: str, name: str, cell: dfe.Cell, source: str
) -> tuple:
    """A BenchmarkValue as the upsert wants it: a number, or missing with its marker."""
    value = None if cell.value is None else dfe.to_stored(cell.value, measure)
    marker = "" if cell.value is not None else (cell.marker or "x")
    return (measure, year, level, area, name[:120], value, marker, source[:200])


def _import_neighbours(found: dfe.DfeFile, report: FileReport) -> None:
    """Replace the model's links: the model is the DfE's whole grouping, published at once."""
    assert found.model_year is not None
    rows = list(found.neighbour_rows())  # about 150 small rows
    report.rows = len(rows)
    names = {row.la_code: row.la_name for row in rows}
    wanted = set(names) | {code for row in rows for _, code in row.neighbours}
    existing = set(LocalAuthority.objects.filter(code__in=wanted).values_list("code", flat=True))
    LocalAuthority.objects.bulk_create(
        [
            LocalAuthority(code=code, name=(names.get(code) or f"Local authority {code}")[:120])
            for code in sorted(wanted - existing)
        ]
    )
    ids = dict(LocalAuthority.objects.filter(code__in=wanted).values_list("code", "pk"))
    StatisticalNeighbour.objects.filter(model=found.model_year).delete()
    links = []
    for row in rows:
        taken: set[str] = set()
        for rank, code in row.neighbours:
            if code in taken:
                found.problem(
                    f"row {row.line}: {code} is named twice as a neighbour; the closer rank is kept"
                )
                continue
            taken.add(code)
            links.append(
                StatisticalNeighbour(
                    authority_id=ids[row.la_code],
                    neighbour_id=ids[code],
                    model=found.model_year,
                    rank=rank,
                )
            )
    StatisticalNeighbour.objects.bulk_create(links)
    report.values = len(links)
    report.measures = {f"statistical neighbours ({found.model_year} model)"}


def _compute_rates() -> tuple[int, set[str]]:
    """Every rate per 10,000 from its stored count and the ONS population of mid-year Y-1.

    A rate the DfE published for England or a region (the CLA rate) is kept as published.
    Years whose population has not been imported are left out rather than marked."""
    population = {
        (level, area, mid): people
        for level, area, mid, people in Population.objects.values_list(
            "level", "area_code", "mid_year", "population"
        )
    }
    mid_years = {mid for _, _, mid in population}
    published = set(
        BenchmarkValue.objects.filter(measure__in=dfe.RATES)
        .exclude(source_file__startswith=COMPUTED)
        .values_list("measure", "year", "level", "area_code")
    )
    rate_of = {count: rate for rate, count in dfe.RATES.items()}
    values = _values()
    # Read in full (a few thousand rows) before writing: SQLite does not isolate a cursor from
    # writes to the same table on the same connection.
    counts = list(
        BenchmarkValue.objects.filter(measure__in=rate_of).values_list(
            "measure", "year", "level", "area_code", "area_name", "value", "marker", "source_file"
        )
    )
    computed: set[str] = set()
    for measure, year, level, area, name, value, marker, source in counts:
        rate = rate_of[measure]
        if year - 1 not in mid_years or (rate, year, level, area) in published:
            continue
        count = (
            dfe.Cell(value=Fraction(value)) if value is not None else dfe.Cell(marker=marker or "x")
        )
        cell = dfe.rate_per_10k(count, population.get((level, area, year - 1)))
        source_of_rate = f"{COMPUTED}{source} / ONS population mid-{year - 1}"
        computed.add(rate)
        values.add(_row(rate, year, level, area, name, cell, source_of_rate))
    values.flush()
    return values.written, computed
