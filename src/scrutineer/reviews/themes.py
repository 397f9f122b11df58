"""Themes across reviews: how many reviews found learning on each theme, by year, age band and
priority.

The unit counted is a **review**, not a finding: a review with three findings on information
sharing counts once for information sharing, because the question the partnership asks is "in
how many of our reviews did this come up?". A review counts in the reporting year (1 April to
31 March) in which the local authority became aware of the incident, as on the compliance
dashboard, and under the child's age band as recorded on the review.

No small-number suppression is applied. These are counts of the partnership's own reviews
(typically a handful a year), shown only to the scrutineer, the business unit and the Executive
(``Finding.objects.counted_for``), who already know every review; suppressing counts of 1 to 5
would blank the whole page. Nothing here is exported or published; a published report built on
these counts must apply the partnership's suppression rule there.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .choices import AgeBand
from .compliance import reporting_year, year_label
from .models import Review


@dataclass
class CountRow:
    label: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class CountTable:
    """One table: a row per theme (or priority), a column per year (or age band)."""

    caption: str
    row_heading: str
    columns: list[str]
    rows: list[CountRow] = field(default_factory=list)
    column_totals: list[int] = field(default_factory=list)
    columns_heading: str = "Year"

    @property
    def total_label(self) -> str:
        return "Reviews with learning"


@dataclass
class ThemeReport:
    reviews: int
    by_year: CountTable
    by_age_band: CountTable
    by_priority: CountTable

    @property
    def tables(self) -> list[CountTable]:
        return [self.by_year, self.by_age_band, self.by_priority]


def _table(
    caption: str,
    row_heading: str,
    columns: list[tuple[object, str]],
    keyed: dict[str, set[tuple[int, object]]],
    reviews: dict[int, object],
    *,
    columns_heading: str = "Year",
) -> CountTable:
    """``keyed`` maps a row label to the (review id, column key) pairs that count in it."""
    keys = [key for key, _ in columns]
    table = CountTable(
        caption, row_heading, [label for _, label in columns], columns_heading=columns_heading
    )
    for label, pairs in keyed.items():
        counts = [sum(1 for _, k in pairs if k == key) for key in keys]
        table.rows.append(CountRow(label, counts))
    table.rows.sort(key=lambda row: (-row.total, row.label))
    table.column_totals = [sum(1 for k in reviews.values() if k == key) for key in keys]
    return table


def theme_report(reviews: Iterable[Review]) -> ThemeReport:
    """Counts over these reviews' findings (pass ``Review.objects.counted_for(user)``)."""
    reviews = list(
        Review.objects.filter(pk__in=[r.pk for r in reviews], findings__isnull=False)
        .distinct()
        .prefetch_related("findings__themes", "findings__priorities")
    )
    years = sorted({reporting_year(r.became_aware_on) for r in reviews}, reverse=True)
    by_theme: dict[str, set[tuple[int, object]]] = {}
    by_theme_age: dict[str, set[tuple[int, object]]] = {}
    by_priority: dict[str, set[tuple[int, object]]] = {}
    year_of: dict[int, object] = {}
    age_of: dict[int, object] = {}
    for review in reviews:
        year = reporting_year(review.became_aware_on)
        year_of[review.pk], age_of[review.pk] = year, review.age_band
        for finding in review.findings.all():
            for theme in finding.themes.all():
                by_theme.setdefault(theme.name, set()).add((review.pk, year))
                by_theme_age.setdefault(theme.name, set()).add((review.pk, review.age_band))
            for priority in finding.priorities.all():
                by_priority.setdefault(priority.title, set()).add((review.pk, year))
    year_columns: list[tuple[object, str]] = [(y, year_label(y)) for y in years]
    age_columns: list[tuple[object, str]] = [(band.value, band.label) for band in AgeBand]
    return ThemeReport(
        reviews=len(reviews),
        by_year=_table(
            "Reviews by practice theme and year", "Practice theme", year_columns, by_theme, year_of
        ),
        by_age_band=_table(
            "Reviews by practice theme and the child's age",
            "Practice theme",
            age_columns,
            by_theme_age,
            age_of,
            columns_heading="Child's age",
        ),
        by_priority=_table(
            "Reviews by partnership priority and year",
            "Partnership priority",
            year_columns,
            by_priority,
            year_of,
        ),
    )
