"""``scrutineer casedata publish``: put a snapshot's computed indicators into the trends series."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

NAME = "publish"
HELP = (
    "Compute the indicators of a snapshot (default: the current one) by month and store them "
    "in the trends catalogue as series computed from case-level data."
)


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--snapshot", type=int, help="A snapshot's id (default: the current one).")
    parser.add_argument(
        "--year",
        type=int,
        action="append",
        dest="years",
        help="A reporting year to publish (repeat for more; default: the snapshot's years).",
    )


def run(command: Any, options: dict[str, Any]) -> None:
    from scrutineer.casedata import store
    from scrutineer.casedata.models import Snapshot
    from scrutineer.casedata.publish import publish_snapshot

    ident = options.get("snapshot")
    if ident is None:
        snapshot = store.current()
        if snapshot is None:
            raise CommandError(
                "There is no snapshot yet: import files with  scrutineer casedata import PATH"
            )
    else:
        snapshot = Snapshot.objects.filter(pk=ident, status=Snapshot.Status.COMPLETE).first()
        if snapshot is None:
            raise CommandError(f"There is no complete snapshot {ident}")
    years = options.get("years") or None
    for year in years or ():
        if not 2001 <= year <= 2060:
            raise CommandError(f"--year must be a reporting year from 2001 to 2060, not {year}")
    try:
        stored = publish_snapshot(snapshot=snapshot, years=years)
    except store.StoreError as error:
        raise CommandError(str(error)) from error
    command.stdout.write(
        f"Published {stored} figures computed from snapshot {snapshot.pk} to the trends series"
    )
