"""``scrutineer reviews list [--json]``: the register with every clock, for scripts and checks;
``scrutineer reviews remind``: the daily reminder e-mails before a deadline (run by cron)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutineer.core.accesslog import record_access
from scrutineer.partnership.models import User
from scrutineer.reviews import workdays
from scrutineer.reviews.models import Review
from scrutineer.reviews.register import register_rows
from scrutineer.reviews.reminders import reviews_remind


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be a date like 2026-03-27, not {value!r}") from error


class Command(BaseCommand):
    help = (
        "The case review register. list: every review with its stage, dates, deadlines and "
        "working days left or overdue. remind: e-mail the review team and the business unit "
        "about each deadline that is near or overdue."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        jobs = parser.add_subparsers(dest="job", required=True, metavar="JOB")
        listing = jobs.add_parser(
            "list",
            help="Every review, most urgent first, with its clocks. The listing is written to "
            "the access log as an export.",
        )
        listing.add_argument("--json", action="store_true", help="Print JSON instead of text.")
        listing.add_argument(
            "--user",
            metavar="USERNAME",
            help="Only the reviews this person may see (as the pages show them). Without it, "
            "every review: whoever runs commands on the server already holds the database.",
        )
        listing.add_argument(
            "--date",
            type=iso_date,
            default=None,
            help="Judge the clocks as on this day (YYYY-MM-DD) instead of today.",
        )
        remind = jobs.add_parser(
            "remind",
            help="Send one e-mail per clock that is due within the review rules' reminder "
            "working days (default 2) or overdue, to the review team and the business unit. "
            "Safe to run more than once a day: each clock is e-mailed at most once per day.",
        )
        remind.add_argument(
            "--site-url",
            default="",
            help="The address people open Scrutineer at, like https://scrutineer.example.org, "
            "so the e-mails link to the review.",
        )
        remind.add_argument(
            "--date",
            type=iso_date,
            default=None,
            help="Judge the clocks as on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["job"] == "remind":
            self.remind(options)
            return
        user = None
        reviews = Review.objects.all()
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No one has the username {options['user']!r}")
            reviews = Review.objects.visible_to(user)
        today = options["date"] or workdays.today()
        rows = register_rows(reviews, today=today, calendar=workdays.statutory_calendar())
        record_access(
            None,
            action="export",
            object_type="reviews.review",
            description=f"scrutineer reviews list: {len(rows)} reviews"[:300],
            user=user,
        )
        if options["json"]:
            payload = {"today": today.isoformat(), "reviews": [row.as_dict() for row in rows]}
            self.stdout.write(json.dumps(payload, indent=2))
            return
        for row in rows:
            self.stdout.write(f"{row.review.name}: {row.review.stage.label}")
            for clock in row.clocks:
                self.stdout.write(
                    f"  {clock.name}: due {clock.deadline:%Y-%m-%d}, {clock.summary}"
                    + (f" (done {clock.done:%Y-%m-%d})" if clock.done else "")
                )

    def remind(self, options: dict[str, Any]) -> None:
        report = reviews_remind(
            today=options["date"] or workdays.today(),
            calendar=workdays.statutory_calendar(),
            site_url=options["site_url"],
        )
        for review, clock, recipients in report.sent:
            self.stdout.write(
                f"Reminded {review.name}: {clock.name} (due {clock.deadline:%Y-%m-%d}, "
                f"{clock.summary}) to {', '.join(recipients)}"
            )
        for review, clock in report.nobody_to_tell:
            self.stderr.write(
                f"{review.name}: {clock.name} needs a reminder but nobody has an e-mail address "
                "to tell: add one for the review team or the business unit."
            )
        self.stdout.write(
            f"{len(report.sent)} reminder(s) sent; {report.already_today} already sent today."
        )
