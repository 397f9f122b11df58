"""``scrutineer casedata``: import children's social care returns and compute from them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutineer.casedata.cli import subcommands


class Command(BaseCommand):
    help = (
        "Case-level evidence: import CIN census, Annex A and SSDA903 files, generate synthetic "
        "ones, and compute the indicators from them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", metavar="SUBCOMMAND")
        for name, module in subcommands().items():
            module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))

    def handle(self, *args: Any, **options: Any) -> None:
        name = options.get("subcommand")
        found = subcommands()
        if name not in found:
            raise CommandError(f"Say what to do: one of {', '.join(found)}")
        found[name].run(self, options)
