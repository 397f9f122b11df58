"""``scrutineer casedata generate``: write a synthetic local authority's files and their truth."""

from __future__ import annotations

import time
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from scrutineer.casedata.generator import generate
from scrutineer.casedata.generator.files import FORMATS, write

NAME = "generate"
HELP = (
    "Write synthetic children's social care files (CIN census XML, an Annex A workbook or "
    "SSDA903 CSVs) for N children over Y reporting years, reproducible from a seed, with the "
    "canonical tables as Parquet (tables/) and the indicator values planted (truth.json). "
    "No real child is in them."
)
MOST_CHILDREN = 5_000_000


def _count(low: int, high: int):
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError as error:
            raise ArgumentTypeError(f"must be a whole number, not {value!r}") from error
        if not low <= number <= high:
            raise ArgumentTypeError(f"must be from {low:,} to {high:,}, not {number:,}")
        return number

    return parse


def _la(value: str) -> str:
    if len(value) != 3 or not value.isdigit():
        raise ArgumentTypeError(f"must be a three-digit DfE code like 383, not {value!r}")
    return value


def add_arguments(parser: ArgumentParser) -> None:
    parser.add_argument(
        "--children", type=_count(1, MOST_CHILDREN), required=True, help="How many children."
    )
    parser.add_argument(
        "--years", type=_count(1, 10), default=3, help="Reporting years (default 3)."
    )
    parser.add_argument(
        "--last-year",
        type=_count(2014, 2050),
        default=2025,
        help="The last reporting year (default 2025: April 2024 to March 2025).",
    )
    parser.add_argument("--format", choices=FORMATS, required=True, help="The files to write.")
    parser.add_argument("--seed", type=int, default=1, help="The same seed writes the same files.")
    parser.add_argument("--out", type=Path, required=True, help="The folder to write into.")
    parser.add_argument(
        "--la",
        type=_la,
        default="999",
        help="The local authority's DfE code in the files (default 999, which no LA has).",
    )


def run(command: Any, options: dict[str, Any]) -> None:
    out: Path = options["out"].expanduser()
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out} is a file: --out must be a folder")
    started = time.perf_counter()
    try:
        syn = generate(
            children=options["children"],
            years=options["years"],
            seed=options["seed"],
            la=options["la"],
            last_year=options["last_year"],
        )
    except ValueError as error:
        raise CommandError(f"Cannot generate: {error}") from error
    command.stdout.write(
        f"Generated {options['children']:,} children over reporting years "
        f"{syn.first_year}-{syn.last_year} (seed {options['seed']}, LA {syn.la}): "
        f"{len(syn.referrals['referral_date']):,} referrals."
    )
    paths = write(syn, options["format"], out, say=lambda p: command.stdout.write(f"Wrote {p}"))
    command.stdout.write(
        f"{len(paths)} files in {out} ({time.perf_counter() - started:.1f} s). Compute the "
        f"indicators with: scrutineer casedata indicators --year {syn.last_year} --from "
        f"{out / 'tables'}"
    )
