"""Tiny importers with the real interface (``importers/base.py``), for the store's tests.

The store, the import service, the command, the pages and the task are tested with these
until (and alongside) the real CIN, Annex A and SSDA903 importers. A "tiny" file is text:

    TINY-CASEDATA
    child,<LA child ID>,<sex>
    referral,<LA child ID>,<referral id>,<YYYY-MM-DD>
    problem,<rule>,<LA child ID>,<message>
    warning,<rule>,<LA child ID>,<message>
    refuse,<message>           (the file cannot be read: ImportRefused, part-way through)
    crash                      (a bug in the importer: RuntimeError, part-way through)
    badtype                    (a row with a value of the wrong type)

A "tiny folder" (the SSDA903 stand-in) is a folder of ``*.tiny`` files, each as above.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from scrutineer.casedata import detect
from scrutineer.casedata.importers.base import Event, ImportRefused, Problem, Row

MAGIC = b"TINY-CASEDATA"


def _is_tiny(path: Path) -> bool:
    try:
        with path.open("rb") as stream:
            return stream.read(len(MAGIC)) == MAGIC
    except OSError:
        return False


def _read_file(path: Path, pseudonymise: Any, progress: Any, offset: int) -> Iterator[Event]:
    done = offset
    with path.open("rb") as stream:
        header = stream.readline()
        done += len(header)
        for number, raw in enumerate(stream, start=2):
            done += len(raw)
            line = raw.decode().strip()
            if not line:
                continue
            kind, *parts = line.split(",")
            where = f"{path.name}, line {number}"
            if kind == "child":
                child = pseudonymise(parts[0])
                yield Row("children", {"child": child, "la": "383", "sex": parts[1]})
            elif kind == "referral":
                yield Row(
                    "referrals",
                    {
                        "child": pseudonymise(parts[0]),
                        "referral_id": parts[1],
                        "referral_date": dt.date.fromisoformat(parts[2]),
                        "nfa": False,
                        "age": 7,
                    },
                )
            elif kind in ("problem", "warning"):
                yield Problem(
                    rule=parts[0],
                    child=pseudonymise(parts[1]) if parts[1] else "",
                    message=parts[2],
                    record=where,
                    severity="error" if kind == "problem" else "warning",
                )
            elif kind == "refuse":
                raise ImportRefused(f"{parts[0]} ({where})")
            elif kind == "crash":
                raise RuntimeError("a bug in the importer")
            elif kind == "badtype":
                yield Row("referrals", {"child": "P", "referral_date": "not a date"})
            if progress is not None:
                progress(done)


def _read(
    path: Path, *, pseudonymise: Any, reference_date: Any = None, progress: Any = None
) -> Iterator[Event]:
    if not (path.is_file() and _is_tiny(path)):
        raise ImportRefused(f"{path.name} is not a tiny file")
    yield from _read_file(path, pseudonymise, progress, 0)


def _read_folder(
    path: Path, *, pseudonymise: Any, reference_date: Any = None, progress: Any = None
) -> Iterator[Event]:
    offset = 0
    for file in sorted(path.glob("*.tiny")):
        yield from _read_file(file, pseudonymise, progress, offset)
        offset += file.stat().st_size


TINY = SimpleNamespace(
    FORMAT="cin",
    LABEL="tiny test file",
    detect=lambda path: path.is_file() and _is_tiny(path),
    read=_read,
    reference_date=lambda path: dt.date(2025, 3, 31),
)
TINY_FOLDER = SimpleNamespace(
    FORMAT="903",
    LABEL="tiny test folder",
    detect=lambda path: path.is_dir() and any(_is_tiny(f) for f in path.glob("*.tiny")),
    read=_read_folder,
)


def use_tiny_importers(monkeypatch: Any) -> None:
    """Make the tiny importers the only ones the service, command, pages and task know."""
    monkeypatch.setattr(detect, "importers", lambda: {"cin": TINY, "903": TINY_FOLDER})


def tiny_text(*lines: str) -> str:
    return "\n".join(["TINY-CASEDATA", *lines]) + "\n"


def write_tiny(path: Path, *lines: str) -> Path:
    path.write_text(tiny_text(*lines), encoding="utf-8")
    return path


CLEAN = (
    "child,LA0001,F",
    "child,LA0002,M",
    "referral,LA0001,R1,2024-05-01",
    "referral,LA0002,R2,2024-06-11",
    "referral,LA0002,R3,2024-09-30",
)
WITH_PROBLEMS = (
    *CLEAN,
    "problem,dates_out_of_order,LA0001,The closure date is before the referral date",
    "problem,unknown_code,LA0002,The primary need code N0 is not a code",
    "warning,unknown_code,LA0002,The referral source 9Z is not a code",
    "problem,missing_field,,The child has no LAchildID",
)
