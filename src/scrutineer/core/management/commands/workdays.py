"""``scrutineer workdays``: add working days to a date, or count them between two dates."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutineer.core.calendar import partnership_calendar, statutory_calendar
from scrutineer.core.workdays import OutsideCalendar, WorkingDayCalendar

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_date(text: str, where: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise CommandError(f"{where}: {text!r} is not a date; write it as 2023-05-05 or 05/05/2023")


def parse_int(text: str, where: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise CommandError(f"{where}: {text!r} is not a whole number of working days") from None


class Command(BaseCommand):
    help = (
        "Working days in England and Wales (bank holidays included). The triggering day is "
        "day 0: 'add D N' is the N-th working day after D (before it when N is negative); "
        "'between A B' counts the working days after A up to and including B."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--with-closures",
            action="store_true",
            help="also skip the partnership's closure days (for its own deadlines, never for "
            "statutory clocks)",
        )
        operations = parser.add_subparsers(dest="operation", required=True, metavar="{add,between}")
        add = operations.add_parser(
            "add",
            help="the N-th working day after DATE",
            description="Print the N-th working day "
            "after DATE (before it when N is negative), e.g. 'add 2023-05-05 1' prints 2023-05-09.",
        )
        add.add_argument("date", nargs="?", help="a date, 2023-05-05 or 05/05/2023")
        add.add_argument("n", nargs="?", help="working days to add; negative to go back")
        add.add_argument(
            "--csv", metavar="FILE", help="a CSV file with columns date,n; prints one result a line"
        )
        between = operations.add_parser(
            "between",
            help="working days after START up to and including END",
            description="Print the working days after START up to and including END, e.g. "
            "'between 2023-05-05 2023-05-09' prints 1.",
        )
        between.add_argument("start", nargs="?", help="a date, 2023-05-05 or 05/05/2023")
        between.add_argument("end", nargs="?", help="a date")
        between.add_argument(
            "--csv",
            metavar="FILE",
            help="a CSV file with columns start,end; prints one result a line",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        calendar = partnership_calendar() if options["with_closures"] else statutory_calendar()
        operation = options["operation"]
        columns = ("date", "n") if operation == "add" else ("start", "end")
        if options["csv"]:
            if any(options.get(column) for column in columns):
                raise CommandError("Give either --csv FILE or the two values, not both")
            rows = list(self._read_csv(Path(options["csv"]), columns))
        else:
            missing = [column.upper() for column in columns if not options.get(column)]
            if missing:
                raise CommandError(f"Give {' and '.join(missing)} (or --csv FILE)")
            rows = [("the command line", options[columns[0]], options[columns[1]])]
        results = [self._compute(calendar, operation, where, a, b) for where, a, b in rows]
        self.stdout.write("\n".join(results))

    def _compute(
        self, calendar: WorkingDayCalendar, operation: str, where: str, a: str, b: str
    ) -> str:
        try:
            first, second = ("date", "n") if operation == "add" else ("start", "end")
            if operation == "add":
                day = parse_date(a, f"{where}, column {first}")
                return calendar.add(day, parse_int(b, f"{where}, column {second}")).isoformat()
            start = parse_date(a, f"{where}, column {first}")
            return str(calendar.between(start, parse_date(b, f"{where}, column {second}")))
        except OutsideCalendar as error:
            raise CommandError(f"{where}: {error}") from None

    def _read_csv(self, path: Path, columns: tuple[str, str]) -> list[tuple[str, str, str]]:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file") from None
        except UnicodeDecodeError:
            raise CommandError(f"{path}: not a UTF-8 text file; save it as CSV (UTF-8)") from None
        reader = csv.DictReader(text.splitlines())
        header = [name.strip().lower() for name in reader.fieldnames or []]
        if not header:
            raise CommandError(
                f"{path}: the file is empty; it needs a header row {','.join(columns)}"
            )
        absent = [column for column in columns if column not in header]
        if absent:
            raise CommandError(
                f"{path}: the header row needs the column(s) {', '.join(absent)}; it has {', '.join(header)}"
            )
        reader.fieldnames = header
        rows = []
        for number, row in enumerate(reader, start=2):
            values = []
            for column in columns:
                value = (row.get(column) or "").strip()
                if not value:
                    raise CommandError(
                        f"{path}, row {number}, column {column}: the value is missing"
                    )
                values.append(value)
            rows.append((f"{path}, row {number}", values[0], values[1]))
        return rows
