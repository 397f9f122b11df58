"""A small catalogue, a return, and templates filled in by code, for the returns tests."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from scrutineer.partnership.models import Agency
from scrutineer.trends.models import DataReturn, Indicator
from scrutineer.trends.readers import TEMPLATE_COLUMNS
from scrutineer.trends.services import return_for
from scrutineer.trends.template import return_template

Q1 = dt.date(2024, 4, 1)  # April to June 2024
Q4 = dt.date(2025, 1, 1)  # January to March 2025: annual figures are due in this one
COLUMN = {name: i for i, (_, name) in enumerate(TEMPLATE_COLUMNS, start=1) if name}
LETTER = {name: "ABCDEFGHIJ"[i - 1] for name, i in COLUMN.items()}


def make_catalogue(police: Agency, council: Agency | None = None) -> dict[str, Indicator]:
    """Police: a monthly count, a monthly percentage, a quarterly count and an annual count."""

    def add(code: str, agency: Agency, unit: str, frequency: str, order: int) -> Indicator:
        return Indicator.objects.create(
            code=code,
            name=code.replace("_", " ").capitalize(),
            definition=f"What {code} counts.",
            agency=agency,
            sector=agency.sector,
            unit=unit,
            frequency=frequency,
            numerator="Incidents with a child present" if unit == "percentage" else "",
            denominator="All incidents" if unit == "percentage" else "",
            order=order,
        )

    made = {
        "da_incidents": add("da_incidents", police, "count", "monthly", 10),
        "da_child_present": add("da_child_present", police, "percentage", "monthly", 20),
        "missing_episodes": add("missing_episodes", police, "count", "quarterly", 30),
        "police_protection": add("police_protection", police, "count", "annual", 40),
    }
    if council is not None:
        made["referrals"] = add("referrals", council, "count", "monthly", 50)
    return made


def police_return(police: Agency, quarter: dt.date = Q1) -> DataReturn:
    return return_for(agency=police, quarter_start=quarter)


def good_figures(data_return: DataReturn) -> dict[tuple[str, str], dict[str, Any]]:
    """A figure for every cell of the return, keyed by (code, period key)."""
    from scrutineer.trends.services import expected_cells

    figures: dict[tuple[str, str], dict[str, Any]] = {}
    for n, (indicator, start) in enumerate(expected_cells(data_return), start=1):
        key = (indicator.code, indicator.period_key(start))
        if indicator.unit == "percentage":
            figures[key] = {"value": None, "numerator": 20 + n, "denominator": 80}
        else:
            figures[key] = {"value": 100 + n}
    return figures


def fill(template: bytes, figures: Mapping[tuple[str, str], Mapping[str, Any]]) -> bytes:
    """The template with ``figures`` typed into the rows they belong to, as an agency would."""
    workbook = openpyxl.load_workbook(io.BytesIO(template))
    sheet = workbook["Return"]
    for row in range(2, sheet.max_row + 1):
        key = (sheet.cell(row, COLUMN["code"]).value, sheet.cell(row, COLUMN["period"]).value)
        for name, value in figures.get(key, {}).items():
            sheet.cell(row, COLUMN[name]).value = value
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def filled_template(
    data_return: DataReturn, changes: Mapping[tuple[str, str], Mapping[str, Any]] | None = None
) -> bytes:
    figures = good_figures(data_return)
    for key, change in (changes or {}).items():
        figures.setdefault(key, {}).update(change)
    return fill(return_template(data_return), figures)


def csv_for(data_return: DataReturn) -> bytes:
    lines = ["indicator,period,value,numerator,denominator"]
    for (code, period), figure in good_figures(data_return).items():
        values = [figure.get(n) for n in ("value", "numerator", "denominator")]
        lines.append(",".join([code, period, *("" if v is None else str(v) for v in values)]))
    return ("\n".join(lines) + "\n").encode()


def upload(client: Client, data_return: DataReturn, name: str, content: bytes, **extra: Any) -> Any:
    url = reverse("trends:return_upload", args=[data_return.pk])
    file = SimpleUploadedFile(name, content)
    return client.post(url, {"upload": file, "note": ""}, **extra)
