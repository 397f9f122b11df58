"""``scrutineer spc``: an XmR chart of one series from a CSV file, printed as JSON."""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutineer.trends.spc import Polarity, spc

COLUMNS = ("period", "value")


class Command(BaseCommand):
    help = (
        "Draw a statistical process control (XmR) chart by NHS England's Making Data Count "
        "method and print it as JSON: each point's mean, process limits, special-cause rules "
        "and class, and the series' variation and assurance icons. FILE is a UTF-8 CSV file with "
        "the columns period,value, one row a period, in time order."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.csv", help="the series: columns period,value")
        parser.add_argument(
            "--polarity",
            choices=[p.value for p in Polarity],
            default=Polarity.NEUTRAL.value,
            help="which way is better: 'up' (higher), 'down' (lower) or 'neutral' (neither; "
            "special causes are then high or low) (default: neutral)",
        )
        parser.add_argument(
            "--target",
            type=float,
            metavar="X",
            help="the target, for the assurance icon (pass, fail or hit_and_miss)",
        )
        parser.add_argument(
            "--rebase",
            action="append",
            default=[],
            metavar="PERIOD",
            help="start new limits at this period, after a known change; repeat for more",
        )
        parser.add_argument(
            "--fix-after",
            type=int,
            metavar="N",
            help="fix each segment's mean and limits on its first N points",
        )
        parser.add_argument(
            "--no-screen",
            action="store_true",
            help="keep moving ranges of 3.267 x the mean moving range or more when computing "
            "the limits (they are screened out by default)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        periods, values = read_series(path)
        known = set(periods)
        for period in options["rebase"]:
            if period not in known:
                raise CommandError(
                    f"--rebase {period}: {path} has no row with that value in column period"
                )
        if options["fix_after"] is not None and options["fix_after"] < 2:
            raise CommandError("--fix-after: limits need at least 2 points to be fixed on")
        if options["target"] is not None and not math.isfinite(options["target"]):
            raise CommandError("--target: give a finite number")
        result = spc(
            values,
            periods,
            polarity=options["polarity"],
            target=options["target"],
            rebase_at=options["rebase"],
            fix_after=options["fix_after"],
            screen_outliers=not options["no_screen"],
        )
        self.stdout.write(json.dumps(result.as_dict(), indent=2))


def read_series(path: Path) -> tuple[list[str], list[float]]:
    """The periods and values of a CSV file, or a CommandError naming the row and column."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not a UTF-8 text file; save it as CSV (UTF-8)") from None
    reader = csv.reader(text.splitlines())
    header = [name.strip().lower() for name in next(reader, [])]
    if not any(header):
        raise CommandError(f"{path}: the file is empty; it needs a header row period,value")
    absent = [column for column in COLUMNS if column not in header]
    if absent:
        raise CommandError(
            f"{path}: the header row needs the column(s) {', '.join(absent)}; "
            f"it has {', '.join(header)}"
        )
    at = {column: header.index(column) for column in COLUMNS}
    periods: list[str] = []
    values: list[float] = []
    first_row: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {column: (row[i].strip() if i < len(row) else "") for column, i in at.items()}
        for column, cell in cells.items():
            if not cell:
                raise CommandError(f"{path}, row {number}, column {column}: the value is missing")
        period = cells["period"]
        if period in first_row:
            raise CommandError(
                f"{path}, row {number}, column period: {period} is already in row "
                f"{first_row[period]}; give each period once"
            )
        first_row[period] = number
        periods.append(period)
        values.append(parse_value(cells["value"], f"{path}, row {number}, column value"))
    if len(values) < 2:
        raise CommandError(
            f"{path}: a chart needs at least 2 rows of data; the file has {len(values)}"
        )
    return periods, values


def parse_value(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise CommandError(f"{where}: {text!r} is not a number") from None
    if not math.isfinite(value):
        raise CommandError(f"{where}: {text!r} is not a number")
    return value
