"""``scrutineer casedata lookup ID``: a local authority child ID's pseudonym, logged."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from scrutineer.casedata.services import partnership_la, pseudonym_lookup
from scrutineer.core.pseudonyms import looks_like_pseudonym, normalise

HELP = (
    "Print the pseudonym of a local authority child ID (or of each ID read from standard "
    "input with -), or check a pseudonym against an ID. Each look-up is written to the access "
    "log; the IDs are not."
)


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "identifier", metavar="ID", help="The child's LA ID, or - to read IDs one a line."
    )
    parser.add_argument(
        "--la", default=None, help="The local authority's code (default: the partnership's)."
    )
    parser.add_argument(
        "--check", default="", metavar="PSEUDONYM", help="Say whether this pseudonym is the ID's."
    )


def run(command: Any, options: dict[str, Any]) -> None:
    la = options["la"] or partnership_la()
    if not la:
        raise CommandError("Say which local authority with --la (like --la 383)")
    check = normalise(options["check"])
    if check and not looks_like_pseudonym(check):
        raise CommandError("--check must be a pseudonym: P followed by 16 letters and digits")
    if options["identifier"] == "-":
        identifiers = [line.strip() for line in sys.stdin if line.strip()]
    else:
        identifiers = [options["identifier"]]
    if not any(i.strip() for i in identifiers):
        raise CommandError("Give a child ID")
    mismatch = False
    for identifier in identifiers:
        result = pseudonym_lookup(None, identifier=identifier, la=la, check=check)
        if result.matches is None:
            command.stdout.write(
                result.pseudonym if len(identifiers) == 1 else f"{identifier}\t{result.pseudonym}"
            )
        else:
            command.stdout.write(
                f"{check} {'matches' if result.matches else 'does not match'} this ID"
            )
            mismatch = mismatch or not result.matches
    if mismatch:
        raise CommandError("The pseudonym does not match")
