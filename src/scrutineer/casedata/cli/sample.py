"""``scrutineer casedata sample``: choose children for a multi-agency audit."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

NAME = "sample"
HELP = (
    "Choose a reproducible sample of children from the current snapshot by criteria, at random "
    "or stratified; prints pseudonyms and case facts, never identifiers."
)


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--criteria",
        default="",
        help="Comma-separated name=value: category=NEG, within_months=12, factor=domestic_abuse, "
        "age_band=10_to_15, sex=F, ethnicity=white, disability=disabled, legal_status=C2.",
    )
    parser.add_argument("--size", type=int, default=10, help="How many children (default 10).")
    parser.add_argument("--seed", type=int, default=1, help="The seed: same seed, same sample.")
    parser.add_argument(
        "--stratify", default="", help="sex, age_band, ethnicity, disability or category."
    )
    parser.add_argument("--snapshot", type=int, help="A snapshot's id (default: the current one).")
    parser.add_argument(
        "--on",
        type=dt.date.fromisoformat,
        help="Count within_months back from this day, like 2025-03-31 (default: today).",
    )
    parser.add_argument("--json", action="store_true", help="Print JSON.")


def parse_criteria(text: str) -> Any:
    from scrutineer.casedata.sampling import Criteria

    names = {f.name for f in dataclasses.fields(Criteria)}
    values: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or name not in names:
            raise CommandError(
                f"--criteria: {part!r} is not name=value with a name among {', '.join(sorted(names))}"
            )
        if name == "within_months":
            if not value.strip().isdigit() or not 1 <= int(value) <= 600:
                raise CommandError(f"--criteria: within_months must be 1 to 600, not {value!r}")
            values[name] = int(value)
        else:
            values[name] = (
                value.strip().upper()
                if name in ("category", "sex", "legal_status")
                else value.strip()
            )
    return Criteria(**values)


def run(command: Any, options: dict[str, Any]) -> None:
    from django.utils import timezone

    from scrutineer.casedata import store
    from scrutineer.casedata.models import Snapshot
    from scrutineer.casedata.sampling import COLUMNS, sample
    from scrutineer.core.accesslog import record_access

    criteria = parse_criteria(options["criteria"])
    if options["size"] < 1 or options["size"] > 1000:
        raise CommandError("--size must be from 1 to 1000")
    ident = options.get("snapshot")
    snapshot = (
        store.current()
        if ident is None
        else Snapshot.objects.filter(pk=ident, status=Snapshot.Status.COMPLETE).first()
    )
    if snapshot is None:
        raise CommandError(
            "There is no such snapshot: import files with  scrutineer casedata import PATH"
        )
    try:
        with store.connect(snapshot) as con:
            found = sample(
                con,
                criteria,
                size=options["size"],
                seed=options["seed"],
                stratify=options["stratify"],
                today=options.get("on") or timezone.localdate(),
            )
    except (ValueError, store.StoreError) as error:
        raise CommandError(str(error)) from error
    record_access(
        None,
        action="export",
        object_type="casedata.snapshot",
        object_id=str(snapshot.pk),
        description=f"Case sample of {len(found.rows)} ({criteria.describe()}, seed {found.seed})",
    )
    if options["json"]:
        payload = {
            "snapshot": snapshot.pk,
            "criteria": dataclasses.asdict(criteria),
            "seed": found.seed,
            "stratify": found.stratify,
            "candidates": found.candidates,
            "sample": found.rows,
        }
        command.stdout.write(json.dumps(payload, indent=1, default=str))
        return
    command.stdout.write(
        f"{len(found.rows)} of {found.candidates} children fitting {criteria.describe()} "
        f"(snapshot {snapshot.pk}, seed {found.seed})"
    )
    command.stdout.write("\t".join(label for _, label in COLUMNS))
    for row in found.rows:
        command.stdout.write("\t".join("" if row[k] is None else str(row[k]) for k, _ in COLUMNS))
