"""The analytical store: each import is a snapshot, a folder of Parquet files, read with DuckDB.

Case-level records never go into the app database. They go into a store of their own
(``SCRUTINEER_CASEDATA_DIR``, by default ``var/casedata`` beside the SQLite database), where
each snapshot is a folder named by its id holding one Parquet file per canonical table of
``schema.py``, every table present even when empty. Parquet because any engine reads it
(DuckDB here; Spark or a warehouse for a region), and a folder per snapshot because a
snapshot never changes once written: a new import is a new folder.

Writing is streamed: rows are buffered per table and written as a row group every
``BATCH_ROWS`` rows, so memory stays flat however big the file. The folder is written under a
temporary name and renamed into place only when every table is complete, so a reader never
sees half a snapshot and a failed import leaves nothing behind.

The reading API, which the indicator engine, journeys and sampling use, is stable:

- ``current(la=None, *, format=None) -> Snapshot | None``: the snapshot in force;
- ``tables(snapshot) -> dict[str, Path]``: table name -> Parquet file;
- ``connect(snapshot) -> duckdb.DuckDBPyConnection``: a connection with a view per table.
"""

from __future__ import annotations

import contextlib
import secrets
import shutil
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
from django.conf import settings

from .importers.base import Row
from .schema import BOOLEAN, DATE, INTEGER, LIST, TABLES, VARCHAR, Table

if TYPE_CHECKING:
    from .models import Snapshot

BATCH_ROWS = 65_536
INCOMING_PREFIX = ".incoming-"
ARROW_TYPES: dict[str, pa.DataType] = {
    VARCHAR: pa.string(),
    DATE: pa.date32(),
    INTEGER: pa.int32(),
    BOOLEAN: pa.bool_(),
    LIST: pa.list_(pa.string()),
}


class StoreError(ValueError):
    """A row the store cannot write (an importer's mistake, not the file's), or a snapshot
    whose files are not there."""


def root() -> Path:
    return Path(settings.CASEDATA_DIR)


def arrow_schema(table: Table) -> pa.Schema:
    return pa.schema([(name, ARROW_TYPES[kind]) for name, kind in table.columns])


def _snapshot_id(snapshot: Snapshot | int) -> int:
    return int(snapshot if isinstance(snapshot, int) else snapshot.pk)


def folder(snapshot: Snapshot | int) -> Path:
    """Where a snapshot's Parquet files are (whether or not they are there yet)."""
    return root() / str(_snapshot_id(snapshot))


# --- Reading ----------------------------------------------------------------------------------


def current(la: str | None = None, *, format: str | None = None) -> Snapshot | None:
    """The snapshot in force: the newest current (complete) one, for a local authority and a
    format if given. Only a complete import is ever current."""
    from .models import Snapshot

    found = Snapshot.objects.current()
    if la:
        found = found.filter(la=la)
    if format:
        found = found.filter(format=format)
    return found.order_by("-finished_at", "-id").first()


def tables(snapshot: Snapshot | int) -> dict[str, Path]:
    """Every canonical table of a snapshot and its Parquet file, in ``schema.TABLES`` order."""
    where = folder(snapshot)
    paths = {table.name: where / f"{table.name}.parquet" for table in TABLES}
    missing = [name for name, path in paths.items() if not path.is_file()]
    if missing:
        raise StoreError(
            f"Snapshot {_snapshot_id(snapshot)} has no data in the store at {where} "
            f"(missing: {', '.join(missing)}): it has not finished, or its folder was removed"
        )
    return paths


def connect(snapshot: Snapshot | int) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB connection with a view per canonical table of the snapshot.

    The caller closes it (``with store.connect(s) as con:``). Views read the Parquet files
    directly, so opening one costs nothing, and nothing can change the snapshot through it.
    """
    paths = tables(snapshot)
    connection = duckdb.connect(":memory:")
    for name, path in paths.items():
        # Names come from schema.py and paths from our own folder, never from a person; DuckDB
        # takes no parameters in a view's definition, so the path's quotes are doubled.
        quoted = str(path).replace("'", "''")
        sql = f"CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet('{quoted}')"  # noqa: S608
        connection.execute(sql)
    return connection


def remove(snapshot: Snapshot | int) -> None:
    """Delete a snapshot's folder (and any unfinished one of the same id)."""
    ident = _snapshot_id(snapshot)
    shutil.rmtree(folder(ident), ignore_errors=True)
    for leftover in root().glob(f"{INCOMING_PREFIX}{ident}-*"):
        shutil.rmtree(leftover, ignore_errors=True)


# --- Writing ----------------------------------------------------------------------------------


class SnapshotWriter:
    """Writes one snapshot's tables from a stream of ``Row`` values; use as a context manager.

    ``commit()`` finishes every file and renames the folder into place; leaving the ``with``
    block without committing (an error, a refused file) deletes everything written.
    """

    def __init__(self, snapshot: Snapshot | int, *, batch_rows: int = BATCH_ROWS) -> None:
        self.snapshot_id = _snapshot_id(snapshot)
        self.final = folder(self.snapshot_id)
        if self.final.exists():
            raise StoreError(f"Snapshot {self.snapshot_id} is already in the store")
        self.batch_rows = batch_rows
        token = secrets.token_hex(4)
        self.incoming = root() / f"{INCOMING_PREFIX}{self.snapshot_id}-{token}"
        self.incoming.mkdir(parents=True)
        self.schemas = {table.name: arrow_schema(table) for table in TABLES}
        self.columns = {table.name: table.column_names for table in TABLES}
        self.known = {name: frozenset(columns) for name, columns in self.columns.items()}
        self.buffers: dict[str, dict[str, list[Any]]] = {
            name: {column: [] for column in columns} for name, columns in self.columns.items()
        }
        self.buffered = dict.fromkeys(self.columns, 0)
        self.counts = dict.fromkeys(self.columns, 0)
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.committed = False

    def __enter__(self) -> SnapshotWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if not self.committed:
            self.abort()

    def add(self, row: Row) -> None:
        columns = self.columns.get(row.table)
        if columns is None:
            raise StoreError(f"The importer produced a row for an unknown table {row.table!r}")
        if not row.values.keys() <= self.known[row.table]:  # checked without building sets
            unknown = set(row.values) - self.known[row.table]
            raise StoreError(
                f"The importer produced unknown columns for {row.table}: {', '.join(sorted(unknown))}"
            )
        buffer = self.buffers[row.table]
        for column in columns:
            buffer[column].append(row.values.get(column))
        self.buffered[row.table] += 1
        if self.buffered[row.table] >= self.batch_rows:
            self._flush(row.table)

    def _flush(self, name: str) -> None:
        if not self.buffered[name]:
            return
        schema = self.schemas[name]
        buffer = self.buffers[name]
        try:
            batch = pa.record_batch(
                [pa.array(buffer[field.name], type=field.type) for field in schema],
                schema=schema,
            )
        except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError) as error:
            raise StoreError(
                f"The importer produced a value of the wrong type in {name}: {error}"
            ) from error
        writer = self.writers.get(name)
        if writer is None:
            writer = pq.ParquetWriter(self.incoming / f"{name}.parquet", schema, compression="zstd")
            self.writers[name] = writer
        writer.write_batch(batch)
        self.counts[name] += self.buffered[name]
        for column in buffer.values():
            column.clear()
        self.buffered[name] = 0

    def commit(self) -> dict[str, int]:
        """Write what is buffered, close every file, and put the folder in place.

        Returns the rows written per table. Tables with no rows get an empty file with their
        columns, so every snapshot has every table.
        """
        for name in self.columns:
            self._flush(name)
            writer = self.writers.pop(name, None)
            if writer is not None:
                writer.close()
            else:
                pq.write_table(self.schemas[name].empty_table(), self.incoming / f"{name}.parquet")
        self.incoming.rename(self.final)
        self.committed = True
        return dict(self.counts)

    def abort(self) -> None:
        for writer in self.writers.values():
            # Closing a half-written file can fail; the file is deleted next either way.
            with contextlib.suppress(Exception):
                writer.close()
        self.writers.clear()
        shutil.rmtree(self.incoming, ignore_errors=True)
