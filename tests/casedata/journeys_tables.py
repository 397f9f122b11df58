"""Small hand-made canonical tables for the journeys, sampling and publishing tests.

``tables(referrals=[...], ...)`` gives every canonical table as Arrow, with the columns and types
of ``schema.py``; a row names only the columns it needs, the rest are null.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import pyarrow as pa

from scrutineer.casedata.schema import TABLES
from scrutineer.casedata.store import arrow_schema
from scrutineer.core.workdays import england_and_wales

D = dt.date
CAL = england_and_wales()
NEVER = (10**9, 10**9)  # a suppression range no count reaches, to read the raw figures


def connect(made: dict[str, pa.Table]) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with a view per table, as ``journey`` reads them."""
    con = duckdb.connect(":memory:")
    for name, table in made.items():
        con.register(name, table)
    return con


def tables(**rows: list[dict[str, Any]]) -> dict[str, pa.Table]:
    unknown = set(rows) - {t.name for t in TABLES}
    assert not unknown, unknown
    out = {}
    for table in TABLES:
        schema = arrow_schema(table)
        given = rows.get(table.name, [])
        columns = {n: [r.get(n) for r in given] for n in table.column_names}
        out[table.name] = pa.table(
            {f.name: pa.array(columns[f.name], f.type) for f in schema}, schema=schema
        )
    return out


def child(
    name: str,
    *,
    sex: str = "F",
    eth: str = "WBRI",
    disabled: bool = False,
    born: dt.date | None = None,
) -> dict[str, Any]:
    return {
        "child": name,
        "la": "383",
        "sex": sex,
        "ethnicity": eth,
        "disabled": disabled,
        "birth_month": born or D(2015, 6, 1),
    }
