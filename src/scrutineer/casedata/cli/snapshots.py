"""``scrutineer casedata snapshots``: list the snapshots in the store (a placeholder that the
store's engineer replaces)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

HELP = "List the imported snapshots."


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="Print JSON.")


def run(command: Any, options: dict[str, Any]) -> None:
    command.stdout.write("No snapshots yet: import a file with  scrutineer casedata import PATH")
