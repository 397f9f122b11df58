"""Where the engine's tables come from: Arrow tables in memory, or a folder of Parquet files."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
import pyarrow as pa

from scrutineer.casedata.schema import TABLES


class MissingTables(ValueError):
    """The canonical tables the engine needs are not all there."""


def from_arrow(tables: Mapping[str, pa.Table]) -> dict[str, ir.Table]:
    """In-memory tables, usable with any backend."""
    _check(tables)
    return {name: ibis.memtable(table) for name, table in tables.items()}


def from_parquet(source: Path | Mapping[str, Path], backend: Any) -> dict[str, ir.Table]:
    """The tables of a snapshot: a folder holding ``<table>.parquet`` for each canonical table,
    or a mapping table name -> Parquet file (as ``store.tables(snapshot)`` gives)."""
    if isinstance(source, Mapping):
        paths = {name: Path(path) for name, path in source.items()}
    else:
        paths = {t.name: Path(source) / f"{t.name}.parquet" for t in TABLES}
        paths = {name: path for name, path in paths.items() if path.exists()}
    _check(paths)
    return {
        name: backend.read_parquet(path, table_name=f"casedata_{name}")
        for name, path in paths.items()
    }


def _check(found: Mapping[str, Any]) -> None:
    missing = [t.name for t in TABLES if t.name not in found]
    if missing:
        raise MissingTables(f"these canonical tables are missing: {', '.join(missing)}")
