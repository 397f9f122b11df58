"""``scrutineer benchmarks import DIR``: load the DfE's published tables and ONS population;
``scrutineer benchmarks show --la 383 [--year 2025] [--json]``: one authority's benchmarks."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scrutineer.trends import dfe
from scrutineer.trends.benchmarks import (
    BenchmarkImportError,
    ImportReport,
    benchmark_measures,
    benchmark_summary,
    benchmark_years,
    benchmarks_import,
    measure_label,
)
from scrutineer.trends.models import LocalAuthority


class Command(BaseCommand):
    help = (
        "Benchmarks from the Department for Education's published local-authority tables. "
        "import: read every CSV file in a folder (children in need, referrals, assessment "
        "factors, child protection plans, children looked after, ONS population, statistical "
        "neighbours), recognising each by its columns, and compute the rates. show: one local "
        "authority's figures beside England, its region and its statistical neighbours, with its "
        "rank and quartile band among all local authorities."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        jobs = parser.add_subparsers(dest="job", required=True, metavar="JOB")
        load = jobs.add_parser(
            "import",
            help="Import the files in DIR, as downloaded from Explore Education Statistics. "
            "Importing again replaces each figure with the file's; files it does not recognise "
            "are listed with the reason.",
        )
        load.add_argument("directory", metavar="DIR", help="the folder that holds the CSV files")
        show = jobs.add_parser(
            "show",
            help="Print one local authority's benchmarks for a year: its value, England, its "
            "region, the mean of its statistical neighbours, its rank and quartile band (A best).",
        )
        show.add_argument(
            "--la", required=True, metavar="CODE", help="the DfE's three-digit code, like 383"
        )
        show.add_argument(
            "--year",
            type=int,
            metavar="YEAR",
            help="the reporting year: 2025 is April 2024 to March 2025 (default: the latest)",
        )
        show.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["job"] == "import":
            self.load(options["directory"])
        else:
            self.show(options["la"], options["year"], as_json=options["json"])

    def load(self, directory: str) -> None:
        try:
            report = benchmarks_import(directory=directory, progress=self.stdout.write)
        except BenchmarkImportError as error:
            raise CommandError(str(error)) from None
        self.summarise(report)

    def summarise(self, report: ImportReport) -> None:
        self.stdout.write("")
        self.stdout.write(
            f"{len(report.files)} file(s) recognised, {report.rows} rows, "
            f"{len(report.measures)} measures, {report.rates} rates computed."
        )
        for file in report.files:
            self.stdout.write(
                f"  {file.name}: {file.title}; {file.rows} rows, {file.values} figures"
            )
            if file.skipped_rows:
                self.stdout.write(
                    f"    {file.skipped_rows} rows of other kinds or geographies left out"
                )
            for problem in file.problems:
                self.stdout.write(f"    {problem}")
            if file.problem_count > len(file.problems):
                self.stdout.write(
                    f"    and {file.problem_count - len(file.problems)} more problems"
                )
        if report.skipped:
            self.stdout.write(f"{len(report.skipped)} file(s) skipped:")
            for name, reason in report.skipped:
                self.stdout.write(f"  {name}: {reason}")
        if not report.files:
            raise CommandError(f"{report.directory}: no file there is one Scrutineer recognises")

    def show(self, la_code: str, year: int | None, *, as_json: bool) -> None:
        authority = LocalAuthority.objects.filter(code=la_code).first()
        if authority is None:
            raise CommandError(
                f"--la {la_code}: no local authority has that code in the imported benchmarks "
                "(give the DfE's three-digit code, like 383 for Leeds, and import the files first "
                "with: scrutineer benchmarks import DIR)"
            )
        years = benchmark_years(la_code=la_code)
        if not years:
            raise CommandError(f"--la {la_code}: {authority.name} has no imported figures")
        if year is None:
            year = years[0]
        elif year not in years:
            raise CommandError(
                f"--year {year}: {authority.name} has no figures for that year; it has "
                f"{', '.join(str(y) for y in sorted(years))}"
            )
        summaries = benchmark_summary(la_code=la_code, codes=benchmark_measures(), year=year)
        if as_json:
            payload = {
                "la": la_code,
                "year": year,
                "indicators": [
                    {
                        "code": s.code,
                        "value": s.value,
                        "england": s.england,
                        "region": s.region,
                        "neighbours_mean": s.neighbours_mean,
                        "rank": s.rank,
                        "quartile": s.quartile,
                    }
                    for s in summaries.values()
                ],
            }
            self.stdout.write(json.dumps(payload, indent=2))
            return
        self.stdout.write(f"{authority.name} ({la_code}), {year - 1}-{year % 100:02d}")
        head = ("measure", "value", "England", "region", "neighbours", "rank", "band")
        lines = [head]
        for s in summaries.values():
            lines.append(
                (
                    measure_label(s.code),
                    _shown(s.value, s.code, s.marker),
                    _shown(s.england, s.code),
                    _shown(s.region, s.code),
                    _shown(s.neighbours_mean, s.code),
                    f"{s.rank} of {s.of}" if s.rank else "",
                    s.quartile or "",
                )
            )
        widths = [max(len(line[i]) for line in lines) for i in range(len(head))]
        for line in lines:
            cells = [line[0].ljust(widths[0])] + [
                cell.rjust(w) for cell, w in zip(line[1:], widths[1:], strict=True)
            ]
            self.stdout.write("  ".join(cells).rstrip())


def _shown(value: float | None, code: str, marker: str = "") -> str:
    if value is None:
        return marker or "-"
    return f"{value:,.{dfe.places(code)}f}"
