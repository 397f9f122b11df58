"""The generator's arrays as records per child, for the file writers.

Real files are organised by child (a CIN census ``Child`` holds its episodes, each episode its
assessments and plans), so the writers need the arrays grouped that way, with dates as dates
and codes as strings. Built once per run; plain Python, because files are written for demos
and tests (thousands of children), while England-scale runs use the canonical tables.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np

from .days import NONE, date
from .sampling import Coded
from .simulate import Synthetic


def _dates(values: np.ndarray) -> list[dt.date | None]:
    return [None if v == NONE else date(v) for v in values.tolist()]


def _codes(values: Coded) -> list[Any]:
    return list(values.values())


def _rows(frame: dict[str, Any]) -> list[dict[str, Any]]:
    columns: dict[str, list[Any]] = {}
    for name, values in frame.items():
        if isinstance(values, Coded):
            columns[name] = _codes(values)
        elif name.endswith(("_date", "_target")) or name == "contact_date":
            columns[name] = _dates(values)
        else:
            columns[name] = values.tolist()
    count = len(next(iter(columns.values()))) if columns else 0
    return [{k: v[i] for k, v in columns.items()} for i in range(count)]


@dataclass
class Child:
    index: int
    la_id: str
    upn: str
    birth: dt.date
    sex: str
    ethnicity: str
    disabled: bool | None
    disability: str | None


class Records:
    """Every table as dict rows, grouped by child (and by referral or plan where nested)."""

    def __init__(self, syn: Synthetic) -> None:
        self.syn = syn
        kids = syn.children
        sexes, ethnicities = _codes(kids["sex"]), _codes(kids["ethnicity"])
        disabilities = _codes(kids["disability"])
        births = _dates(kids["birth"])
        disabled = kids["disabled"].tolist()
        self.children = [
            Child(
                index=i,
                la_id=str(la_id),
                upn=f"A{(i * 7919 + 104729) % 10**12:012d}",
                birth=births[i] or dt.date(2000, 1, 1),
                sex=sexes[i],
                ethnicity=ethnicities[i],
                disabled=None if disabled[i] < 0 else bool(disabled[i]),
                disability=disabilities[i],
            )
            for i, la_id in enumerate(kids["la_id"])
        ]
        self.referrals = _rows(syn.referrals)
        for i, row in enumerate(self.referrals):
            row["referral"] = i
        factor_lists = syn.factors.to_pylist()
        self.assessments = _rows(syn.assessments)
        for row, found in zip(self.assessments, factor_lists, strict=True):
            row["factors"] = found or []
        self.by_child: dict[str, dict[int, list[dict[str, Any]]]] = {}
        self.by_referral: dict[str, dict[int, list[dict[str, Any]]]] = {}
        self._group("referrals", self.referrals, "child", self.by_child)
        self._group("contacts", _rows(syn.contacts), "child", self.by_child)
        for name, rows in (
            ("assessments", self.assessments),
            ("cin_plans", _rows(syn.cin_plans)),
            ("s47", _rows(syn.s47)),
            ("cp_plans", _rows(syn.cp_plans)),
        ):
            self._group(name, rows, "referral", self.by_referral)
            self._group(name, rows, "child", self.by_child)
        self.reviews_by_plan: dict[int, list[dt.date]] = defaultdict(list)
        for row in _rows(syn.cp_reviews):
            self.reviews_by_plan[row["plan"]].append(row["review_date"])
        for name, frame in (
            ("cla_episodes", syn.cla_episodes),
            ("cla_reviews", syn.cla_reviews),
            ("missing", syn.missing),
        ):
            self._group(name, _rows(frame), "child", self.by_child)

    @staticmethod
    def _group(name: str, rows, key: str, into) -> None:
        grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for row in rows:
            grouped[row[key]].append(row)
        into[name] = grouped

    def of(self, name: str, child: int) -> list[dict[str, Any]]:
        return self.by_child[name].get(child, [])

    def within(self, name: str, referral: int) -> list[dict[str, Any]]:
        return self.by_referral[name].get(referral, [])


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
