"""What a workbook's XML shows that its values do not: formulas, error cells, how far each sheet
reaches, and where each sheet is inside the package.

python-calamine gives a formula's last computed value and an error cell as empty, and holds a
sheet as one block from A1 to its last cell; so before calamine is asked for a sheet, its XML is
streamed once here (with expat, refusing any document type, so no entity can expand) to find
formulas, errors and the sheet's extent. Pure Python.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any
from xml.etree import ElementTree
from xml.parsers import expat


class NotAllowed(Exception):
    """The XML declares a document type: entity expansion is refused, not attempted."""


@dataclass
class SheetScan:
    """What a sheet's XML shows that calamine does not: formulas, errors and how far it goes."""

    max_row: int = 0
    max_column: int = 0
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    errors: dict[tuple[int, int], str] = field(default_factory=dict)
    #: The scan stopped early: the sheet went beyond the limits it was given.
    stopped: bool = False


class _Stop(Exception):
    pass


_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")


def _reference(ref: str) -> tuple[int, int] | None:
    """'B3' as (row 3, 0-based column 1)."""
    match = _CELL_REF.match(ref.upper())
    if not match:
        return None
    column = 0
    for char in match[1]:
        column = column * 26 + ord(char) - 64
    return int(match[2]), column - 1


def scan_sheet(
    stream: IO[bytes], *, max_row: int, max_column: int, max_formulas: int = 10_000
) -> SheetScan:
    """Stream a worksheet's XML once; raise ``NotAllowed`` for a DTD (entity expansion).

    The scan stops (``stopped``) at the first cell beyond ``max_row`` or ``max_column``, or
    beyond ``max_formulas`` formulas and errors, so a hostile sheet costs little memory.
    """
    scan = SheetScan()
    state: dict[str, Any] = {"row": 0, "column": -1, "cell": None, "text": None}

    def local(name: str) -> str:
        return name.rsplit(":", 1)[-1]

    def start(name: str, attrs: dict[str, str]) -> None:
        tag = local(name)
        if tag == "row":
            state["row"] = int(attrs.get("r") or state["row"] + 1)
            state["column"] = -1
        elif tag == "c":
            where = _reference(attrs.get("r", "")) if attrs.get("r") else None
            if where is None:
                where = (state["row"], state["column"] + 1)
            state["row"], state["column"] = where
            state["cell"] = {"type": attrs.get("t", ""), "has": False}
        elif tag in ("f", "v") and state["cell"] is not None:
            state["text"] = []
            state["cell"]["has"] = True
            if tag == "f":
                state["cell"]["formula"] = ""
        elif tag == "is" and state["cell"] is not None:
            state["cell"]["has"] = True

    def end(name: str) -> None:
        tag = local(name)
        cell = state["cell"]
        if tag in ("f", "v") and cell is not None and state["text"] is not None:
            text = "".join(state["text"])
            if tag == "f":
                cell["formula"] = text
            else:
                cell["value"] = text
            state["text"] = None
        elif tag == "c" and cell is not None:
            where = (state["row"], state["column"])
            if cell["has"]:
                scan.max_row = max(scan.max_row, where[0])
                scan.max_column = max(scan.max_column, where[1] + 1)
            if "formula" in cell:
                scan.formulas[where] = cell["formula"] or "…"
            if cell["type"] == "e":
                scan.errors[where] = cell.get("value", "") or "#ERROR"
            state["cell"] = None
            too_many = len(scan.formulas) + len(scan.errors) > max_formulas
            if scan.max_row > max_row or scan.max_column > max_column or too_many:
                raise _Stop

    def characters(data: str) -> None:
        if state["text"] is not None and sum(map(len, state["text"])) < 1000:
            state["text"].append(data)

    def doctype(*_: Any) -> None:
        raise NotAllowed

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.StartDoctypeDeclHandler = doctype
    try:
        while chunk := stream.read(64 * 1024):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Stop:
        scan.stopped = True
    return scan


def small_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    data = archive.read(name)
    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise NotAllowed
    # Safe here: a document type (the only way to declare entities) was refused just above.
    return ElementTree.fromstring(data)  # noqa: S314


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the path of its XML inside the package."""
    workbook = small_xml(archive, "xl/workbook.xml")
    rels = small_xml(archive, "xl/_rels/workbook.xml.rels")
    targets = {
        rel.get("Id", ""): rel.get("Target", "") for rel in rels if rel.tag.endswith("Relationship")
    }
    paths: dict[str, str] = {}
    for element in workbook.iter():
        if not element.tag.endswith("}sheet") and element.tag != "sheet":
            continue
        rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), "")
        target = targets.get(rid, "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        paths[element.get("name", "")] = path
    return paths
