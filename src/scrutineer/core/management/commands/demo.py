"""``scrutineer demo``: load the synthetic Northbridge partnership (deterministic, idempotent)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from scrutineer.core.demo import DemoReport, steps


class Command(BaseCommand):
    help = (
        "Load the demo partnership (Northbridge Safeguarding Children Partnership): agencies, "
        "a person for each role, priorities, sub-groups and every capability's demo data. "
        "Safe to run again: it updates what is there rather than adding twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even though SCRUTINEER_DEBUG is off. The demo accounts have a "
            "published password: never do this on a real installation.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "The demo has accounts with a published password, so it loads only with "
                "SCRUTINEER_DEBUG=true (or --allow-production on a throw-away installation)."
            )
        autodiscover_modules("demo")
        report = DemoReport()
        with transaction.atomic():
            for name, step in steps():
                if options["verbosity"] > 1:
                    self.stdout.write(f"  {name}")
                step(report)
        self.stdout.write(self.style.SUCCESS("Demo partnership loaded."))
        for line in report.lines:
            self.stdout.write(line)
        if report.logins:
            self.stdout.write("")
            self.stdout.write(f"Demo logins (every password: {report.password}):")
            width = max(len(username) for username, _, _ in report.logins)
            for username, role, agency in report.logins:
                self.stdout.write(f"  {username.ljust(width)}  {role}, {agency}")
            self.stdout.write("")
            self.stdout.write(
                "Roles that need two-factor authentication ask for a security code after the "
                "password. Get the current code with:  .venv/bin/scrutineer democode USERNAME"
            )
