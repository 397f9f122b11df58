"""``scrutineer casedata import PATH``: import a return (or a folder of them) into snapshots."""

from __future__ import annotations

import datetime as dt
import json
import sys
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError
from tqdm import tqdm

from scrutineer.casedata import detect
from scrutineer.casedata.importers.base import ImportRefused
from scrutineer.casedata.models import Format, Snapshot
from scrutineer.casedata.services import (
    max_import_bytes,
    partnership_la,
    snapshot_prepare,
    snapshot_run,
)

NAME = "import"
HELP = (
    "Import a CIN census XML file, an Annex A workbook or a folder of SSDA903 CSV tables (or "
    "a folder of such files, one snapshot each), found by content. Children's IDs become "
    "pseudonyms as the file is read. Importing the same file again changes nothing."
)


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ArgumentTypeError(f"must be a date like 2025-03-31, not {value!r}") from error


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", help="The file, or a folder.")
    parser.add_argument(
        "--la",
        default=None,
        help="The local authority's three-digit DfE code (default: the partnership's).",
    )
    parser.add_argument(
        "--format",
        choices=[code for code, _ in Format.choices],
        default=None,
        help="Expect this format (default: found from the content).",
    )
    parser.add_argument(
        "--reference-date",
        type=iso_date,
        default=None,
        help="The date the data runs to, YYYY-MM-DD (default: the file's, where it has one).",
    )
    parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
    parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")


def run(command: Any, options: dict[str, Any]) -> None:
    path = Path(options["path"]).expanduser()
    la = options["la"] or partnership_la()
    if not la:
        raise CommandError(
            "Say which local authority the file is from with --la (like --la 383): the "
            "partnership is not set up yet"
        )
    try:
        if path.is_file():  # refuse an oversized file before anything reads it
            detect.check_size(path, max_bytes=max_import_bytes())
        units, skipped = detect.plan(path, wanted=options["format"])
    except ImportRefused as refused:
        raise CommandError(str(refused)) from refused
    for file in skipped:
        command.stderr.write(f"Left out {file.name}: not a file Scrutineer can import")
    results = [
        _import_one(command, unit, importer, la=la, options=options) for unit, importer in units
    ]
    if options["json"]:
        command.stdout.write(json.dumps(results if len(results) > 1 else results[0], indent=2))
    failed = [result for result in results if result["status"] != Snapshot.Status.COMPLETE]
    if len(results) == 1 and failed:
        raise CommandError(f"{Path(failed[0]['path']).name}: {failed[0]['error']}")
    if failed:
        for result in failed:
            command.stderr.write(f"{Path(result['path']).name}: {result['error']}")
        raise CommandError(f"{len(failed)} of {len(results)} were not imported: see above")


def _import_one(
    command: Any, path: Path, importer: Any, *, la: str, options: dict[str, Any]
) -> dict[str, Any]:
    quiet = bool(options["json"])
    try:
        prepared = snapshot_prepare(
            path=path, la=la, importer=importer, reference_date=options["reference_date"]
        )
    except ImportRefused as refused:
        return {"path": str(path), "status": "refused", "error": str(refused)}
    snapshot = prepared.snapshot
    if prepared.created:
        bar = tqdm(
            total=snapshot.bytes_total,
            unit="B",
            unit_scale=True,
            desc=path.name[:30],
            file=sys.stderr,
            disable=options["no_progress"] or not sys.stderr.isatty(),
        )
        with bar:

            def shown(done: int, total: int) -> None:
                bar.update(done - bar.n)

            snapshot = snapshot_run(
                snapshot=snapshot, path=path, importer=importer, on_progress=shown
            )
    elif not quiet:
        command.stdout.write(prepared.message)
    if not quiet:
        _print(command, snapshot)
    return {"path": str(path), **describe(snapshot, repeated=not prepared.created)}


def describe(snapshot: Snapshot, *, repeated: bool = False) -> dict[str, Any]:
    return {
        "snapshot": snapshot.pk,
        "status": snapshot.status,
        "format": snapshot.format,
        "la": snapshot.la,
        "file": snapshot.source_name,
        "sha256": snapshot.sha256,
        "reference_date": snapshot.reference_date.isoformat() if snapshot.reference_date else None,
        "current": snapshot.current,
        "already_imported": repeated,
        "rows": snapshot.row_counts,
        "problems": snapshot.problem_counts,
        "error": snapshot.error,
    }


def _print(command: Any, snapshot: Snapshot) -> None:
    write = command.stdout.write
    write(
        f"Snapshot {snapshot.pk}: {snapshot.get_format_display()}, {snapshot.source_name}, "
        f"local authority {snapshot.la}: {snapshot.get_status_display().lower()}"
        + (" (in force)" if snapshot.current else "")
    )
    if snapshot.status != Snapshot.Status.COMPLETE:
        return
    write("Rows by table:")
    for name, count in snapshot.row_counts_listed():
        write(f"  {name:<14} {count:>10,}")
    counts = snapshot.problem_counts_sorted()
    write(f"Problems by rule: {snapshot.total_problems:,}" if counts else "Problems: none")
    for rule, count in counts:
        write(f"  {rule:<30} {int(count):>8,}")
