"""``scrutineer enquiries suggest``: look for new suggested lines of enquiry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from scrutineer.trends.enquiries import suggestions_make


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be a date like 2026-03-27, not {value!r}") from error


class Command(BaseCommand):
    help = (
        "Suggested lines of enquiry for the Independent Scrutineer. suggest: look at every "
        "indicator's SPC chart, the published benchmarks and the returns that are late, and "
        "add a suggestion for each concerning signal, adverse benchmark gap or missing return "
        "that has not been suggested before."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        jobs = parser.add_subparsers(dest="job", required=True, metavar="JOB")
        suggest = jobs.add_parser(
            "suggest",
            help="Add the new suggestions and print them. Safe to run again: a signal that "
            "has been suggested before (open, accepted or set aside) is never suggested twice; "
            "an open one is brought up to date.",
        )
        suggest.add_argument(
            "--date",
            type=iso_date,
            default=None,
            help="Judge which returns are late as on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        made = suggestions_make(today=today)
        for suggestion in made:
            self.stdout.write(f"[{suggestion.get_kind_display()}] {suggestion.text}")
        self.stdout.write(
            f"{len(made)} new suggestion{'s' if len(made) != 1 else ''}. The scrutineer weighs "
            "them at /trends/enquiries/."
        )
