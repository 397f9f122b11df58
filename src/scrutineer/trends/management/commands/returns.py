"""``scrutineer returns remind [--dry-run]``: e-mail agency leads about late returns and returns
due soon (run daily by cron); ``scrutineer returns tracker [--json]``: who has sent what;
``scrutineer returns open QUARTER``: open a quarter's returns for every agency that supplies
indicators for it."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from scrutineer.trends import periods
from scrutineer.trends.models import DataReturn
from scrutineer.trends.tracker import (
    REMIND_WITHIN_WORKING_DAYS,
    needing_reminders,
    quarter_open,
    recent_quarters,
    returns_remind,
    tracker_rows,
)


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be a date like 2026-03-27, not {value!r}") from error


def quarter_key(value: str) -> dt.date:
    try:
        return periods.parse(value, "quarterly")
    except periods.PeriodError as error:
        raise CommandError(str(error)) from error


class Command(BaseCommand):
    help = (
        "Agencies' quarterly data returns. remind: e-mail the agency leads of every late return "
        "and every return due within 5 working days. tracker: every agency's returns for recent "
        "quarters. open: open a quarter's returns for every agency that supplies indicators."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        jobs = parser.add_subparsers(dest="job", required=True, metavar="JOB")
        remind = jobs.add_parser(
            "remind",
            help=f"E-mail the agency leads (copied to the business unit's address) about each "
            f"return that is late or due within {REMIND_WITHIN_WORKING_DAYS} working days with "
            "nothing sent. Safe to run more than once a day: each return is reminded at most "
            "once a day.",
        )
        remind.add_argument(
            "--dry-run",
            action="store_true",
            help="Say who would be reminded, and send nothing.",
        )
        remind.add_argument(
            "--site-url",
            default="",
            help="The address people open Scrutineer at, like https://scrutineer.example.org, "
            "so the e-mails link to the return.",
        )
        remind.add_argument(
            "--date", type=iso_date, default=None, help="Judge as on this day (YYYY-MM-DD)."
        )
        tracker = jobs.add_parser(
            "tracker",
            help="Every agency's return for the last 4 quarters (or one quarter): submitted "
            "(version and when), due, or late (working days).",
        )
        tracker.add_argument("--json", action="store_true", help="Print JSON instead of text.")
        tracker.add_argument(
            "--quarter",
            type=quarter_key,
            default=None,
            metavar="QUARTER",
            help="One financial quarter, written like '2024-25 Q1' (April to June 2024).",
        )
        tracker.add_argument(
            "--date", type=iso_date, default=None, help="Judge as on this day (YYYY-MM-DD)."
        )
        opener = jobs.add_parser(
            "open",
            help="Open the quarter's return for every agency that supplies an indicator for it.",
        )
        opener.add_argument(
            "quarter",
            type=quarter_key,
            metavar="QUARTER",
            help="The financial quarter, written like '2024-25 Q1' (April to June 2024).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options.get("date") or timezone.localdate()
        if options["job"] == "remind":
            self.remind(options, today)
        elif options["job"] == "tracker":
            self.tracker(options, today)
        else:
            opened, already = quarter_open(quarter_start=options["quarter"])
            words = periods.label(options["quarter"], "quarterly")
            for data_return in opened:
                self.stdout.write(f"Opened {data_return}, due {data_return.due_on:%Y-%m-%d}")
            self.stdout.write(f"{words}: {len(opened)} opened, {already} already open.")

    def remind(self, options: dict[str, Any], today: dt.date) -> None:
        statuses = needing_reminders(DataReturn.objects.all(), today=today)
        report = returns_remind(
            statuses=statuses,
            today=today,
            site_url=options["site_url"],
            dry_run=options["dry_run"],
        )
        verb = "Would remind" if options["dry_run"] else "Reminded"
        by_return = {s.data_return.pk: s for s in statuses}
        for data_return, recipients in report.sent:
            status = by_return[data_return.pk]
            self.stdout.write(
                f"{verb} {data_return} ({status.label.lower()}, due "
                f"{data_return.due_on:%Y-%m-%d}) to {', '.join(recipients)}"
            )
        for data_return in report.nobody_to_tell:
            self.stderr.write(
                f"{data_return} needs a reminder but its agency has no agency lead with an "
                "e-mail address: add one."
            )
        count = len(report.sent)
        done = "would be sent" if options["dry_run"] else "sent"
        self.stdout.write(
            f"{count} reminder{'s' if count != 1 else ''} {done}; "
            f"{len(report.already_today)} already sent today."
        )

    def tracker(self, options: dict[str, Any], today: dt.date) -> None:
        quarters = [options["quarter"]] if options["quarter"] else recent_quarters(today)
        rows = tracker_rows(DataReturn.objects.all(), quarters=quarters, today=today)
        keys = [periods.key(q, "quarterly") for q in quarters]
        if options["json"]:
            payload = {
                "today": today.isoformat(),
                "quarters": keys,
                "agencies": [
                    {
                        "agency": row.agency.name,
                        "agency_id": row.agency.pk,
                        "returns": [
                            cell.as_dict() if cell else {"quarter": key, "state": "not_opened"}
                            for key, cell in zip(keys, row.cells, strict=True)
                        ],
                    }
                    for row in rows
                ],
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        for row in rows:
            self.stdout.write(row.agency.name)
            for key, cell in zip(keys, row.cells, strict=True):
                if cell is None:
                    self.stdout.write(f"  {key}: not opened")
                    continue
                detail = f"due {cell.data_return.due_on:%Y-%m-%d}"
                if cell.submitted_at:
                    detail = f"last sent {timezone.localtime(cell.submitted_at):%Y-%m-%d %H:%M}"
                self.stdout.write(f"  {key}: {cell.label} ({detail})")
