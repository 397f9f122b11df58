"""``scrutineer casedata snapshots``: list the imports in the store, or put one back in force."""

from __future__ import annotations

import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from scrutineer.casedata.importers.base import ImportRefused
from scrutineer.casedata.models import Format, Snapshot
from scrutineer.casedata.services import snapshot_make_current
from scrutineer.casedata.store import StoreError

from .import_ import describe

HELP = "List the imported snapshots (newest first), or put an earlier one back in force."


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--la", default=None, help="Only this local authority (three digits).")
    parser.add_argument(
        "--format",
        choices=[code for code, _ in Format.choices],
        default=None,
        help="Only this format.",
    )
    parser.add_argument("--limit", type=int, default=50, help="At most this many (default 50).")
    parser.add_argument(
        "--make-current",
        type=int,
        metavar="ID",
        default=None,
        help="Make complete snapshot ID the one in force for its local authority and format.",
    )
    parser.add_argument("--json", action="store_true", help="Print JSON.")


def run(command: Any, options: dict[str, Any]) -> None:
    if options["make_current"] is not None:
        _make_current(command, options["make_current"])
        return
    found = Snapshot.objects.all()
    if options["la"]:
        found = found.filter(la=options["la"])
    if options["format"]:
        found = found.filter(format=options["format"])
    snapshots = list(found[: max(options["limit"], 0)])
    if options["json"]:
        command.stdout.write(json.dumps([describe(s) for s in snapshots], indent=2))
        return
    if not snapshots:
        command.stdout.write(
            "No snapshots yet: import a file with  scrutineer casedata import PATH"
        )
        return
    command.stdout.write(
        f"{'id':>5}  {'status':<9} {'format':<7} {'la':<4} {'rows':>10} {'problems':>9}  file"
    )
    for s in snapshots:
        status = "current" if s.current else s.status
        command.stdout.write(
            f"{s.pk:>5}  {status:<9} {s.format:<7} {s.la:<4} {s.total_rows:>10,} "
            f"{s.total_problems:>9,}  {s.source_name}"
        )


def _make_current(command: Any, ident: int) -> None:
    snapshot = Snapshot.objects.filter(pk=ident).first()
    if snapshot is None:
        raise CommandError(f"There is no snapshot {ident}")
    try:
        snapshot = snapshot_make_current(snapshot=snapshot)
    except (ImportRefused, StoreError) as refused:
        raise CommandError(str(refused)) from refused
    command.stdout.write(
        f"Snapshot {snapshot.pk} ({snapshot.source_name}) is now in force for "
        f"{snapshot.get_format_display()}, local authority {snapshot.la}"
    )
