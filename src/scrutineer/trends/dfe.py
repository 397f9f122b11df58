"""Reading the DfE's published local-authority tables, as Explore Education Statistics serves them.

Pure Python, no Django: ``recognise(path)`` looks at a CSV file's header and says which
publication it is (or raises ``UnrecognisedFile`` naming the file and what was expected);
``DfeFile.records()`` then streams its rows one at a time (the csv module, bounded memory) as
``Record``s, and ``measures(record)`` turns a record into the domain's figures
(``../shared/domain.md`` section 6), computed exactly (fractions) from the published counts.

The files change from year to year, so nothing here depends on a file's name or column order:
a file is recognised by the columns it has; a byte-order mark is ignored; column names are
matched without regard to case; ``time_period`` may be ``2025`` or ``202425``; the LA code may
be the three-digit DfE code (``old_la_code``, ``la_code``) or only the GSS code
(``new_la_code``); a column absent from an early year's file means its measures are absent.

Cells, markers and the arithmetic of the measures are in ``dfe_cells.py`` (re-exported here):
the DfE's markers are kept, never turned into 0.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from pathlib import Path
from typing import TextIO

from .dfe_cells import (
    COUNTS,
    ENGLAND,
    MARKER_MEANINGS,
    MARKERS,
    RATES,
    Cell,
    parse_year,
    places,
    rate_per_10k,
    ratio,
    read_cell,
    round_half_up,
    to_stored,
)

__all__ = [
    "COUNTS",
    "ENGLAND",
    "MARKERS",
    "MARKER_MEANINGS",
    "RATES",
    "Cell",
    "DfeFile",
    "Figure",
    "Kind",
    "NeighbourRow",
    "Record",
    "UnrecognisedFile",
    "measures",
    "parse_year",
    "places",
    "population",
    "rate_per_10k",
    "ratio",
    "read_cell",
    "recognise",
    "round_half_up",
    "to_stored",
]
MAX_PROBLEMS = 20

# ---- the publications ----------------------------------------------------------------------


class Kind(StrEnum):
    POPULATION = "population"
    CHILDREN_IN_NEED = "children_in_need"
    REFERRALS = "referrals"
    FACTORS = "factors"
    CPP_SUBSEQUENT = "cpp_subsequent"
    CPP_DURATION = "cpp_duration"
    LOOKED_AFTER = "looked_after"
    NEIGHBOURS = "neighbours"


@dataclass(frozen=True)
class Spec:
    kind: Kind
    title: str
    columns: tuple[str, ...]  # lower case; all must be present
    counts: dict[str, str] = field(default_factory=dict)  # measure -> column
    percents: tuple[
        tuple[str, str, str, str], ...
    ] = ()  # measure, numerator, denominator, published column


TIDY = ("time_period", "geographic_level")
SPECS: tuple[Spec, ...] = (
    Spec(
        Kind.LOOKED_AFTER,
        "children looked after on 31 March (number and rate per 10,000)",
        (*TIDY, "population_type", "children_count"),
        counts={"cla_31mar": "children_count"},
    ),
    Spec(
        Kind.POPULATION,
        "ONS mid-year population estimates, children aged 0 to 17",
        (*TIDY, "population_estimate"),
    ),
    Spec(
        Kind.CHILDREN_IN_NEED,
        "children in need (b1)",
        (*TIDY, "at31_episodes"),
        counts={"cin_31mar": "at31_episodes"},
    ),
    Spec(
        Kind.REFERRALS,
        "referrals and re-referrals (c1)",
        (*TIDY, "referral_count"),
        counts={
            "referrals": "referral_count",
            "rereferrals": "rereferral_count",
            "referrals_nfa": "no_further_action_count",
            "referrals_not_in_need": "not_in_need_count",
        },
        percents=(
            ("rereferral_pct", "rereferral_count", "referral_count", "rereferral_percent"),
            ("nfa_pct", "no_further_action_count", "referral_count", "no_further_action_percent"),
            ("not_in_need_pct", "not_in_need_count", "referral_count", "not_in_need_percent"),
        ),
    ),
    Spec(
        Kind.FACTORS,
        "factors identified at the end of assessment (c3)",
        (*TIDY, "episodes_with_assessment_factor"),
        counts={"factor_episodes": "episodes_with_assessment_factor"},
    ),
    Spec(
        Kind.CPP_SUBSEQUENT,
        "child protection plans that are a second or subsequent plan (d3)",
        (*TIDY, "cpp_start", "cpp_subsequent"),
        counts={"cpp_started": "cpp_start", "cpp_repeat": "cpp_subsequent"},
        percents=(("cpp_repeat_pct", "cpp_subsequent", "cpp_start", "cpp_subsequent_percent"),),
    ),
    Spec(
        Kind.CPP_DURATION,
        "child protection plans at 31 March by length of time (d5)",
        (*TIDY, "cpp_at31", "2_years_or_more"),
        counts={"cpp_31mar": "cpp_at31", "cpp_2yr": "2_years_or_more"},
        percents=(("cpp_2yr_pct", "2_years_or_more", "cpp_at31", "2_years_or_more_percent"),),
    ),
)
NEIGHBOUR_TITLE = "statistical neighbours (the DfE's model of 2021 or 2025)"

# Columns that describe a row rather than count something (the c3 factors are every other
# column).
DESCRIPTIVE = frozenset(
    {
        "time_period",
        "time_identifier",
        "geographic_level",
        "country_code",
        "country_name",
        "region_code",
        "region_name",
        "old_la_code",
        "new_la_code",
        "la_code",
        "la_gss_code",
        "la_name",
        "category",
        "episodes_with_assessment_factor",
    }
)
LEVELS = {"national": "national", "regional": "regional", "local authority": "la"}


class UnrecognisedFile(Exception):
    """A file that is not one of the publications Scrutineer reads; the message says why."""


def expected() -> str:
    parts = [f"{spec.title} (columns {', '.join(spec.columns[2:])})" for spec in SPECS]
    parts.append(f"{NEIGHBOUR_TITLE} (columns SN1 to SN10 or SN_1 to SN_10)")
    return "; ".join(parts)


@dataclass
class Record:
    """One row of a tidy EES file: an area in a year, and its cells by lower-case column."""

    line: int
    year: int
    level: str  # national | regional | la
    area_code: str  # E92000001, an E12/E13 region code, or the three-digit LA code ("" if absent)
    area_name: str
    gss_code: str
    region_code: str
    region_name: str
    cells: dict[str, str]
    parsed: dict[str, Cell] = field(default_factory=dict)

    def cell(self, column: str) -> Cell:
        found = self.parsed.get(column)
        if found is None:
            found = self.parsed[column] = read_cell(self.cells.get(column))
        return found


@dataclass
class NeighbourRow:
    line: int
    la_code: str
    la_name: str
    neighbours: list[tuple[int, str]]  # (rank, three-digit code), closest first


@dataclass
class DfeFile:
    """A recognised file. ``records()`` / ``neighbour_rows()`` stream it; ``problems`` collects
    what could not be read (the first ``MAX_PROBLEMS``, with ``problem_count`` of all)."""

    path: Path
    spec: Spec | None  # None for a statistical-neighbour file
    header: list[str]
    model_year: int | None = None
    problems: list[str] = field(default_factory=list)
    problem_count: int = 0
    skipped_rows: int = 0

    @property
    def kind(self) -> Kind:
        return self.spec.kind if self.spec else Kind.NEIGHBOURS

    @property
    def title(self) -> str:
        if self.spec:
            return self.spec.title
        return f"statistical neighbours (the DfE's {self.model_year} model)"

    def problem(self, message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(message)

    def records(self) -> Iterator[Record]:
        assert self.spec is not None
        with _open(self.path) as handle:
            reader = csv.reader(handle)
            next(reader, None)
            for number, row in enumerate(reader, start=2):
                record = self._record(number, row)
                if record is not None:
                    yield record

    def _record(self, number: int, row: list[str]) -> Record | None:
        if not any(cell.strip() for cell in row):
            return None
        cells = {
            name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(self.header)
        }
        level = LEVELS.get(cells.get("geographic_level", "").lower())
        if level is None:
            self.skipped_rows += 1  # other geographies (local authority district, ...)
            return None
        if self.kind is Kind.LOOKED_AFTER and not _looked_after_at_31_march(cells):
            self.skipped_rows += 1
            return None
        if self.kind is Kind.POPULATION and not _children(cells):
            self.skipped_rows += 1
            return None
        try:
            year = (
                _population_year(cells)
                if self.kind is Kind.POPULATION
                else parse_year(cells["time_period"])
            )
        except ValueError as error:
            self.problem(f"row {number}, column time_period: {error}; the row is left out")
            return None
        la_code, gss = _la_codes(cells)
        if level == "national":
            code, name = (
                cells.get("country_code") or ENGLAND,
                cells.get("country_name") or "England",
            )
        elif level == "regional":
            code, name = cells.get("region_code", ""), cells.get("region_name", "")
            if not code:
                self.problem(
                    f"row {number}, column region_code: a regional row needs a region code"
                )
                return None
        else:
            code, name = la_code, cells.get("la_name", "")
        record = Record(
            line=number,
            year=year,
            level=level,
            area_code=code,
            area_name=name,
            gss_code=gss,
            region_code=cells.get("region_code", "") if level == "la" else "",
            region_name=cells.get("region_name", "") if level == "la" else "",
            cells=cells,
        )
        for column in self._numeric:
            unreadable = record.cell(column).unreadable if column in cells else ""
            if unreadable:
                self.problem(
                    f"row {number}, column {column}: {unreadable!r} is neither a number nor a "
                    "DfE marker (c, x, z, u, low, k, :); it is kept as x, not available"
                )
        return record

    @cached_property
    def _numeric(self) -> set[str]:
        if self.spec is None:
            return set()
        if self.kind is Kind.FACTORS:
            return set(factor_columns(self.header)) | {"episodes_with_assessment_factor"}
        if self.kind is Kind.POPULATION:
            return {"population_estimate"}
        columns = set(self.spec.counts.values())
        for _, numerator, denominator, published in self.spec.percents:
            columns |= {numerator, denominator, published}
        if self.kind is Kind.LOOKED_AFTER:
            columns.add("rate_per_10000")
        return columns

    def neighbour_rows(self) -> Iterator[NeighbourRow]:
        # Read by position: the 2021 file repeats the column name SNP ten times.
        code_at = next(
            i
            for i, name in enumerate(self.header)
            if name in ("old_la_code", "la num", "la_code", "la number")
        )
        name_at = next(
            (i for i, name in enumerate(self.header) if name in ("la_name", "la name")), None
        )
        slots = [
            (int(m.group(1)), i) for i, name in enumerate(self.header) if (m := _SN.match(name))
        ]
        with _open(self.path) as handle:
            reader = csv.reader(handle)
            next(reader, None)
            for number, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                code = _cell(row, code_at)
                if not code:
                    continue  # a note, like the 2021 file's "Old SNs:" heading
                if not re.fullmatch(r"\d{3}", code):
                    self.problem(
                        f"row {number}: {code!r} is not a three-digit DfE local authority code"
                    )
                    continue
                neighbours = []
                for rank, at in sorted(slots):
                    neighbour = _cell(row, at)
                    if re.fullmatch(r"\d{3}", neighbour):
                        neighbours.append((rank, neighbour))
                    elif neighbour:
                        self.problem(
                            f"row {number}, column SN{rank}: {neighbour!r} is not a three-digit code"
                        )
                name = _cell(row, name_at) if name_at is not None else ""
                yield NeighbourRow(number, code, name, neighbours)


_SN = re.compile(r"^sn_?(\d{1,2})$")


def _cell(row: list[str], at: int) -> str:
    return row[at].strip() if at < len(row) else ""


def _open(path: Path) -> TextIO:
    # utf-8-sig drops the byte-order mark Excel and EES put at the start of some files.
    return path.open(encoding="utf-8-sig", newline="")


def _looked_after_at_31_march(cells: dict[str, str]) -> bool:
    kind = cells.get("population_type", "").lower()
    return "looked after" in kind and "31 march" in kind


def _children(cells: dict[str, str]) -> bool:
    group = cells.get("age_group", "").lower().replace("-", " to ")
    return not group or "0 to 17" in group


def _population_year(cells: dict[str, str]) -> int:
    """The ONS file's time_period is the mid-year of the estimate (2024 is mid-2024)."""
    text = cells.get("time_period", "").strip()
    if not re.fullmatch(r"\d{4}", text):
        raise ValueError(f"{text!r} is not a mid-year like 2024")
    return int(text)


def _la_codes(cells: dict[str, str]) -> tuple[str, str]:
    """The three-digit DfE code and the GSS code, from whichever columns the year has."""
    three, gss = "", ""
    for column in ("old_la_code", "la_code", "new_la_code", "la_gss_code"):
        value = cells.get(column, "").strip()
        if re.fullmatch(r"\d{3}", value) and not three:
            three = value
        elif re.fullmatch(r"[EW]\d{8}", value) and not gss:
            gss = value
    return three, gss


def factor_columns(header: list[str]) -> list[str]:
    """The c3 factor columns: every count column that is not descriptive."""
    return [name for name in header if name and name not in DESCRIPTIVE]


def factor_code(column: str) -> str:
    return "factor_" + re.sub(r"[^a-z0-9]+", "_", column.lower()).strip("_") + "_pct"


def recognise(path: Path) -> DfeFile:
    """Say which publication a CSV file is, from its header, or raise ``UnrecognisedFile``."""
    try:
        with _open(path) as handle:
            first = next(csv.reader(handle), [])
    except UnicodeDecodeError:
        raise UnrecognisedFile(
            f"{path.name}: not UTF-8 text. Download the CSV again from Explore Education "
            "Statistics, or save it from Excel as 'CSV UTF-8'."
        ) from None
    except csv.Error as error:
        raise UnrecognisedFile(f"{path.name}: not a readable CSV file ({error})") from None
    header = [name.strip().lower() for name in first]
    present = set(header)
    for spec in SPECS:
        if set(spec.columns) <= present:
            if spec.kind is Kind.POPULATION and "children_count" in present:
                continue
            return DfeFile(path, spec, header)
    slots = {int(m.group(1)) for name in header if (m := _SN.match(name))}
    has_code = present & {"old_la_code", "la num", "la_code", "la number"}
    if has_code and slots >= set(range(1, 11)):
        return DfeFile(path, None, header, model_year=_model_year(path, header))
    shown = ", ".join(name for name in header[:12] if name) or "none"
    raise UnrecognisedFile(
        f"{path.name}: not a file Scrutineer recognises; its columns are {shown}. "
        f"Expected one of: {expected()}."
    )


def _model_year(path: Path, header: list[str]) -> int:
    """The year of a statistical-neighbour model: from the file's name if it says (the DfE
    names them so), else from its layout: SN1/SNP columns are the 2021 model's, SN_1/SN_1P the
    2025 model's."""
    found = re.findall(r"(20\d\d)", path.stem)
    if found:
        return int(found[-1])
    return 2025 if "sn_1" in header else 2021


# ---- figures from a record -----------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    measure: str
    cell: Cell


def measures(dfe_file: DfeFile, record: Record) -> list[Figure]:
    """The domain's figures in a record, computed from its counts.

    For England and the regions, where the file publishes the percentage (or the CLA rate)
    the published figure is kept: the DfE rounds national and regional counts to the nearest
    10 but computes its percentages from the unrounded counts, so recomputing from the
    rounded counts can be 0.1 out. For local authorities the counts are exact and the figure
    is computed (and matches the published one)."""
    spec = dfe_file.spec
    if spec is None or spec.kind is Kind.POPULATION:
        return []
    present = set(dfe_file.header)
    figures = [
        Figure(measure, record.cell(column))
        for measure, column in spec.counts.items()
        if column in present
    ]
    for measure, numerator, denominator, published in spec.percents:
        if not {numerator, denominator} <= present:
            continue
        figure = ratio(record.cell(numerator), record.cell(denominator), 100)
        if record.level != "la" and published in present:
            shown = record.cell(published)
            if shown.value is not None:
                figure = shown
        figures.append(Figure(measure, figure))
    if spec.kind is Kind.LOOKED_AFTER and record.level != "la" and "rate_per_10000" in present:
        shown = record.cell("rate_per_10000")
        if shown.value is not None:
            figures.append(Figure("cla_rate", shown))
    if spec.kind is Kind.FACTORS:
        episodes = record.cell("episodes_with_assessment_factor")
        for column in factor_columns(dfe_file.header):
            figures.append(Figure(factor_code(column), ratio(record.cell(column), episodes, 100)))
    return figures


def population(record: Record) -> Cell:
    return record.cell("population_estimate")
