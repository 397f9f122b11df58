"""``scrutineer actions escalate``: e-mail about overdue actions, at most once a day each."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from scrutineer.actions.services import actions_escalate


def iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"--date must be a date like 2026-03-27, not {value!r}") from error


class Command(BaseCommand):
    help = (
        "The action tracker's jobs. escalate: e-mail the owning agency's leads and the "
        "business unit about each overdue action."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="job", required=True, metavar="JOB")
        escalate = commands.add_parser(
            "escalate",
            help="Send one e-mail per overdue action to the owning agency's leads, the action's "
            "lead and the business unit. Safe to run more than once a day: an action is "
            "e-mailed at most once per day.",
        )
        escalate.add_argument(
            "--site-url",
            default="",
            help="The address people open Scrutineer at, like https://scrutineer.example.org, "
            "so the e-mails link to the action.",
        )
        escalate.add_argument(
            "--date",
            type=iso_date,
            default=None,
            help="Judge 'overdue' as on this day (YYYY-MM-DD) instead of today.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["date"] or timezone.localdate()
        report = actions_escalate(today=today, site_url=options["site_url"])
        for action, recipients in report.sent:
            self.stdout.write(
                f"Escalated action {action.pk} ({action.owner_agency.label}, due "
                f"{action.due_on:%Y-%m-%d}) to {', '.join(recipients)}"
            )
        for action in report.nobody_to_tell:
            self.stderr.write(
                f"Action {action.pk} is overdue but nobody has an e-mail address to tell: "
                "add one for the agency's lead or the business unit."
            )
        self.stdout.write(
            f"{len(report.sent)} e-mail(s) sent; {report.already_today} overdue action(s) "
            "already escalated today."
        )
