"""The SSDA903 return (children looked after, DfE): a folder of CSV tables, or one CSV.

Each table is recognised by its columns, not its file name:

| table | columns that identify it | canonical table |
|---|---|---|
| header | CHILD, SEX, DOB, ETHNIC | children |
| episodes | CHILD, DECOM, RNE, LS, PLACE | cla_episodes |
| reviews | CHILD, REVIEW | cla_reviews |
| missing | CHILD, MIS_START | missing |

The other tables of the return (uasc, oc2, oc3, ad1, placed for adoption, previous
permanence...) are recognised and not read: scrutiny's indicators do not need them. A CSV that
is not an SSDA903 table is reported and skipped. Rows are keyed by ``CHILD`` (the local
authority's identifier, pseudonymised at once); dates are dd/mm/yyyy. ``UPN``, ``MOTHER`` and
``MC_DOB`` (a mother's child's date of birth), postcodes and URNs are never read; the date of
birth becomes its month.

A child's episodes are checked together (overlaps), so the tables are gathered by child before
the rules run: memory follows the size of the tables, which for one local authority's year is
a few megabytes.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from scrutineer.casedata.importers import codes
from scrutineer.casedata.importers.base import (
    Event,
    ImportRefused,
    Problem,
    Progress,
    Pseudonymise,
    Row,
)
from scrutineer.casedata.importers.common import clean
from scrutineer.casedata.importers.fields import Filler
from scrutineer.casedata.importers.rules import (
    WARNING,
    ChildRecords,
    Context,
    Record,
    check,
)
from scrutineer.casedata.importers.rules_reading import (
    duplicate_child,
    missing_identifier,
)
from scrutineer.casedata.importers.workdays import default_is_working_day, reference_day

FORMAT = "903"
LABEL = "SSDA903 CSV tables"

SIGNATURES = {
    "header": {"CHILD", "SEX", "DOB", "ETHNIC"},
    "episodes": {"CHILD", "DECOM", "RNE", "LS", "PLACE"},
    "reviews": {"CHILD", "REVIEW"},
    "missing": {"CHILD", "MIS_START"},
}
#: Tables of the return that are recognised and deliberately not read.
NOT_READ = {
    "uasc": {"CHILD", "DUC"},
    "oc2": {"CHILD", "SDQ_SCORE"},
    "oc3": {"CHILD", "IN_TOUCH"},
    "ad1": {"CHILD", "DATE_INT"},
    "placed for adoption": {"CHILD", "DATE_PLACED"},
    "previous permanence": {"CHILD", "PREV_PERM"},
    "should be placed for adoption": {"CHILD", "DATE_PLACED_CEASED"},
}
NAMES = {
    "children": {
        "sex": "SEX",
        "ethnicity": "ETHNIC",
        "birth_month": "DOB",
        "expected_birth_month": "DOB",
    },
    "cla_episodes": {
        "start_date": "DECOM",
        "end_date": "DEC",
        "reason_new": "RNE",
        "legal_status": "LS",
        "placement": "PLACE",
        "reason_end": "REC",
    },
    "cla_reviews": {"review_date": "REVIEW"},
    "missing": {"start_date": "MIS_START", "end_date": "MIS_END", "kind": "MISSING"},
}
EXPECTED = {
    "children": ("sex", "ethnicity"),
    "cla_episodes": ("reason_new", "legal_status", "placement"),
    "missing": ("kind",),
}


def _columns(line: str) -> set[str]:
    return {clean(c).upper() for c in next(csv.reader([line]), [])}


def _encoding(path: Path) -> str:
    """UTF-8 (with or without a byte-order mark) when every byte fits, else Windows-1252,
    which is what Excel on a UK PC writes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def _first_line(path: Path) -> str:
    with path.open("rb") as handle:
        head = handle.read(4096)
    return head.decode("utf-8-sig", errors="replace").splitlines()[0] if head else ""


def table_of(path: Path) -> str | None:
    """Which SSDA903 table a CSV holds ("header", "episodes"...), or None."""
    try:
        columns = _columns(_first_line(path))
    except (OSError, csv.Error):
        return None
    for name, signature in {**SIGNATURES, **NOT_READ}.items():
        if signature <= columns:
            return name
    return None


def _csvs(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    return [path]


def detect(path: Path) -> bool:
    """A folder with at least one SSDA903 table, or one CSV that is one."""
    path = Path(path)
    if not path.exists():
        return False
    return any(table_of(p) in SIGNATURES for p in _csvs(path))


def read(
    path: Path,
    *,
    pseudonymise: Pseudonymise,
    reference_date: Any = None,
    progress: Progress | None = None,
    is_working_day: Callable[[dt.date], bool] | None = None,
) -> Iterator[Event]:
    """Yield rows and problems for every child in the tables (see the module doc)."""
    path = Path(path)
    if not path.exists():
        raise ImportRefused(f"{path.name} does not exist")
    files = _csvs(path)
    found = {p: table_of(p) for p in files}
    tables = {p: t for p, t in found.items() if t in SIGNATURES}
    if not tables:
        raise ImportRefused(
            f"{path.name} holds no SSDA903 table: looked for CSV files whose first line names "
            "the columns of header (CHILD, SEX, DOB, ETHNIC), episodes (CHILD, DECOM, RNE, LS, "
            "PLACE), reviews (CHILD, REVIEW) or missing (CHILD, MIS_START)"
        )
    ret = _Return(pseudonymise)
    for unknown in (p for p, t in found.items() if t is None):
        yield Problem(
            "file_not_read",
            f"{unknown.name} is not an SSDA903 table this importer knows: not read",
            record=unknown.name,
            severity=WARNING,
        )
    if "header" not in tables.values():
        yield Problem(
            "missing_table",
            "there is no header table: the children's sex, ethnicity and month of birth are "
            "not known",
            severity=WARNING,
        )
    done = 0
    order = ("header", "episodes", "reviews", "missing")
    for file, table in sorted(tables.items(), key=lambda item: order.index(item[1])):
        yield from ret.read_table(file, table)
        done += file.stat().st_size
        if progress is not None:
            progress(done)
    context = Context(
        reference_day(reference_date) or dt.date.today(),
        is_working_day or default_is_working_day(),
        NAMES,
        EXPECTED,
    )
    yield from ret.finish(context)


class _Return:
    """The children met in the tables, with their records, until the rules have run."""

    def __init__(self, pseudonymise: Pseudonymise) -> None:
        self.pseudonymise = pseudonymise
        self.children: dict[str, ChildRecords] = {}
        self.fillers: dict[str, Filler] = {}
        self.described: set[str] = set()

    def _child(self, pseudonym: str, where: str) -> tuple[ChildRecords, Filler]:
        if pseudonym not in self.children:
            child = ChildRecords(pseudonym, where)
            self.children[pseudonym] = child
            self.fillers[pseudonym] = Filler(child, NAMES)
        return self.children[pseudonym], self.fillers[pseudonym]

    def read_table(self, file: Path, table: str) -> Iterator[Problem]:
        try:
            with file.open(encoding=_encoding(file), newline="") as handle:
                reader = csv.reader(handle)
                header = [clean(c).upper() for c in next(reader, [])]
                for line, cells in enumerate(reader, start=2):
                    if not any(c.strip() for c in cells):
                        continue
                    row = dict(zip(header, cells, strict=False))
                    where = f"{file.name}, line {line}"
                    identifier = clean(row.get("CHILD"))
                    if not identifier:
                        yield missing_identifier(where, "CHILD")
                        continue
                    yield from self._row(table, self.pseudonymise(identifier), row, where)
        except (csv.Error, UnicodeDecodeError, OSError) as error:
            raise ImportRefused(f"{file.name} cannot be read as CSV: {error}") from None

    def _row(
        self, table: str, pseudonym: str, row: dict[str, str], where: str
    ) -> Iterator[Problem]:
        child, fill = self._child(pseudonym, where)
        if table == "header":
            if pseudonym in self.described:
                yield duplicate_child(ChildRecords(pseudonym, where))
                return
            self.described.add(pseudonym)
            record = Record("children", {"child": pseudonym}, where)
            child.add(record, first=True)
            child.birth_date = fill.birth(record, "birth_month", row.get("DOB"))
            fill.code(record, "sex", row.get("SEX"), codes.SEX_SSDA903, "sex code")
            record.values["sex"] = codes.SSDA903_SEX.get(record.values["sex"], record.values["sex"])
            fill.code(record, "ethnicity", row.get("ETHNIC"), codes.ETHNICITY_ANY, "ethnicity code")
            record.values["ethnicity"] = codes.ETHNICITY_EXTENDED.get(
                record.values["ethnicity"], record.values["ethnicity"]
            )
        elif table == "episodes":
            record = child.add(Record("cla_episodes", {"child": pseudonym}, where))
            fill.date(record, "start_date", row.get("DECOM"))
            fill.date(record, "end_date", row.get("DEC"))
            fill.code(
                record,
                "reason_new",
                row.get("RNE"),
                codes.REASON_NEW_EPISODE,
                "reason for new episode",
            )
            fill.code(record, "legal_status", row.get("LS"), codes.LEGAL_STATUS, "legal status")
            fill.code(record, "placement", row.get("PLACE"), codes.PLACEMENT, "placement type")
            fill.code(
                record,
                "reason_end",
                row.get("REC"),
                codes.REASON_EPISODE_CEASED,
                "reason episode ceased",
            )
        elif table == "reviews":
            record = child.add(Record("cla_reviews", {"child": pseudonym}, where))
            fill.date(record, "review_date", row.get("REVIEW"))
        else:
            record = child.add(Record("missing", {"child": pseudonym}, where))
            fill.date(record, "start_date", row.get("MIS_START"))
            fill.date(record, "end_date", row.get("MIS_END"))
            fill.code(
                record, "kind", row.get("MISSING"), codes.MISSING_KIND, "missing or away code"
            )
            record.values["kind"] = codes.MISSING_KIND.get(
                record.values["kind"], record.values["kind"]
            )

    def finish(self, context: Context) -> Iterator[Event]:
        for child in self.children.values():
            fill = self.fillers[child.child]
            yield from fill.problems
            if child.child not in self.described:
                yield Problem(
                    "child_not_in_header",
                    "this child has records but no row in the header table: their sex, "
                    "ethnicity and month of birth are not known",
                    child=child.child,
                    record=child.where,
                    severity=WARNING,
                )
            yield from check(child, context)
            for record in child.records:
                if record.used:
                    yield Row(record.table, record.values)
