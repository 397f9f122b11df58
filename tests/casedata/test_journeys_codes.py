"""The journeys' SQL names age bands and ethnic groups as ``engine.codes`` does, value by value.

The journeys query carries its own CASE expressions (it is plain DuckDB SQL); these tests hold
them to the Python definitions the engine, sampling and the pages use, so the two cannot drift.
"""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutineer.casedata.engine import codes
from scrutineer.casedata.journeys_query import _age_band_sql, _ethnic_group_sql


def _sql_value(expression: str, value: object, kind: str) -> str:
    with duckdb.connect(":memory:") as con:
        row = con.execute(
            f"SELECT {expression} FROM (SELECT CAST($v AS {kind}) AS v)",  # noqa: S608 - test constants
            {"v": value},
        )
        return row.fetchone()[0]  # type: ignore[index]


@pytest.mark.parametrize("years", [None, -5, -1, 0, 1, 4, 5, 9, 10, 15, 16, 17, 18, 25])
def test_age_band_matches_the_engine(years: int | None) -> None:
    assert _sql_value(_age_band_sql("v"), years, "INTEGER") == codes.age_band(years)


KNOWN_CODES = [
    *codes.ETHNIC_GROUP_EXCEPTIONS,
    "WBRI", "wbri", "WIRI", "MWBC", "AIND", "APKN", "BCRB", "BAFR", "OOTH", "CHNE", "chne",
    "REFU", "NOBT", "XXXX", "", " WBRI", "Z", "W", None,
]  # fmt: skip


@pytest.mark.parametrize("code", KNOWN_CODES)
def test_ethnic_group_matches_the_engine(code: str | None) -> None:
    assert _sql_value(_ethnic_group_sql("v"), code, "VARCHAR") == codes.ethnic_group(code)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ABCMOWRUEFHNTbw ", max_size=5))
def test_any_code_gets_the_same_group(code: str) -> None:
    assert _sql_value(_ethnic_group_sql("v"), code, "VARCHAR") == codes.ethnic_group(code)
