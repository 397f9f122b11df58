"""``scrutineer accesslog``: check the access log's hash chain, or export it as CSV."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutineer.core.accesslog import export_access_log, verify_chain, write_csv
from scrutineer.core.models import AccessLogEntry


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a real date: give it as YYYY-MM-DD, for example 2026-11-23"
        ) from None


class Command(BaseCommand):
    help = (
        "Check or export the access log: the append-only record of every read of a sensitive "
        "record and every export. Each entry holds the hash of the entry before it, so "
        "'verify' can show whether any entry has been changed or deleted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(
            dest="subcommand", required=True, title="sub-commands", metavar="{verify,export}"
        )
        verify = commands.add_parser(
            "verify",
            help="Check the whole hash chain and name the first broken entry.",
            description=(
                "Recompute every entry's hash, oldest first, and check that each entry follows "
                "on from the one before it. Exits with status 0 if the chain is intact; "
                "otherwise names the first broken entry and exits with status 1: that entry "
                "and every later one cannot be trusted (see docs/access-log.md). Reads the "
                "whole log, so it can take a while on a large one."
            ),
        )
        verify.add_argument(
            "--expect-hash",
            metavar="HASH",
            help="The newest entry's hash from an earlier run, kept somewhere else. Fails if "
            "no entry has that hash any more, which shows that entries were removed from the "
            "end of the log (something the chain alone cannot show).",
        )
        export = commands.add_parser(
            "export",
            help="Write entries to a CSV file; the export is itself recorded in the log.",
            description=(
                "Write access log entries, oldest first, to a CSV file with every field the "
                "hashes cover and the hashes themselves. The export is recorded in the log as "
                "an export by (system), with the operating-system user who ran it."
            ),
        )
        export.add_argument(
            "--csv",
            metavar="FILE",
            required=True,
            type=Path,
            help="Where to write the CSV file ('-' for standard output). An existing file is "
            "replaced.",
        )
        export.add_argument(
            "--since",
            metavar="DATE",
            type=iso_date,
            help="Only entries on or after this day (YYYY-MM-DD, UK time).",
        )
        export.add_argument(
            "--until",
            metavar="DATE",
            type=iso_date,
            help="Only entries on or before this day (YYYY-MM-DD, UK time).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self.verify(options["expect_hash"])
        else:
            self.export(options["csv"], options["since"], options["until"])

    def verify(self, expect_hash: str | None) -> None:
        check = verify_chain()
        if not check.intact:
            raise CommandError(check.summary())
        self.stdout.write(self.style.SUCCESS(check.summary()))
        if expect_hash:
            if not AccessLogEntry.objects.filter(entry_hash=expect_hash.strip().lower()).exists():
                raise CommandError(
                    f"No entry has the hash {expect_hash}: entries have been removed from the "
                    "end of the log since that hash was noted, or the hash was mistyped."
                )
            self.stdout.write(f"The entry with hash {expect_hash} is still in the chain.")
        if check.newest is not None:
            self.stdout.write(
                f"The newest entry is {check.newest.pk}, with hash {check.newest.entry_hash}. "
                "Keep it somewhere else and check with --expect-hash next time."
            )

    def export(self, path: Path, since: dt.date | None, until: dt.date | None) -> None:
        if since and until and until < since:
            raise CommandError("--until must be the same day as --since or after it.")
        to_stdout = str(path) == "-"
        where = "to standard output" if to_stdout else f"to {path.resolve()}"
        if since:
            where += f" from {since:%Y-%m-%d}"
        if until:
            where += f" until {until:%Y-%m-%d}"
        where += f" by the command line (operating-system user {getpass.getuser()})"
        try:
            # Opened before the export is recorded, so a path that cannot be written fails
            # without recording an export that never happened.
            out = self.stdout if to_stdout else path.open("w", newline="", encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {path}: {error.strerror}.") from None
        try:
            entries, count = export_access_log(
                None, entries=AccessLogEntry.objects.matching(since=since, until=until), where=where
            )
            write_csv(entries.iterator(chunk_size=2000), out)
        finally:
            if not to_stdout:
                out.close()
        if not to_stdout:
            noun = "entry" if count == 1 else "entries"
            self.stdout.write(self.style.SUCCESS(f"{count:,} {noun} written to {path}."))
