"""The SSDA903 return a local authority would have sent for each reporting year: CSV tables.

One folder per year (``ssda903_<year>/``) holding ``header.csv``, ``episodes.csv``,
``reviews.csv`` and ``missing.csv``: the children looked after at any time in the year, with
dates as dd/mm/yyyy and what was known on 31 March (later ends are blank). The 903 records sex
as 1 (male) or 2 (female) only, so a child whose sex is not known is written as 1; postcodes
are left blank (the generator makes none up).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from .records import Records

HEADER = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODES = [
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC",
    "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
]  # fmt: skip
REVIEWS = ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]
MISSING = ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"]
SEX = {"M": "1", "F": "2", "U": "1"}


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def write(records: Records, year: int, folder: Path) -> Path:
    """``ssda903_<year>/``: the four tables for reporting year ``year``."""
    first, last = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    out = folder / f"ssda903_{year}"
    out.mkdir(parents=True, exist_ok=True)
    header, episodes, reviews, missing = [], [], [], []
    for child in records.children:
        mine = [
            e
            for e in records.of("cla_episodes", child.index)
            if e["start_date"] <= last and (e["end_date"] is None or e["end_date"] >= first)
        ]
        if not mine:
            continue
        dob = _d(child.birth)
        header.append([child.la_id, SEX[child.sex], dob, child.ethnicity, child.upn, "", ""])
        for e in mine:
            ended = e["end_date"] if e["end_date"] and e["end_date"] <= last else None
            episodes.append(
                [child.la_id, _d(e["start_date"]), e["reason_new"], e["legal_status"], "N1",
                 e["placement"], "PR1", _d(ended), e["reason_end"] if ended else "", "", "", "", ""]
            )  # fmt: skip
        for r in records.of("cla_reviews", child.index):
            if first <= r["review_date"] <= last:
                reviews.append([child.la_id, dob, _d(r["review_date"]), "PN1"])
        for m in records.of("missing", child.index):
            if first <= m["start_date"] <= last:
                ended = m["end_date"] if m["end_date"] and m["end_date"] <= last else None
                kind = "M" if m["kind"] == "MISSING" else "A"
                missing.append([child.la_id, dob, kind, _d(m["start_date"]), _d(ended)])
    for name, columns, rows in (
        ("header", HEADER, header),
        ("episodes", EPISODES, episodes),
        ("reviews", REVIEWS, reviews),
        ("missing", MISSING, missing),
    ):
        with (out / f"{name}.csv").open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(columns)
            writer.writerows(rows)
    return out
