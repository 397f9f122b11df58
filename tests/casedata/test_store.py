"""The analytical store: snapshots as folders of Parquet files, written whole or not at all."""

from __future__ import annotations

import datetime as dt

import pyarrow.parquet as pq
import pytest

from scrutineer.casedata import store
from scrutineer.casedata.importers.base import Row
from scrutineer.casedata.schema import TABLES


@pytest.fixture
def store_dir(settings, tmp_path):
    settings.CASEDATA_DIR = tmp_path / "casedata"
    return settings.CASEDATA_DIR


def referral(child: str, number: int) -> Row:
    return Row(
        "referrals",
        {
            "child": child,
            "referral_id": f"R{number}",
            "referral_date": dt.date(2024, 4, 1) + dt.timedelta(days=number),
            "nfa": number % 2 == 0,
            "age": number % 18,
        },
    )


def test_it_writes_every_table_and_reads_them_back_through_duckdb(store_dir):
    with store.SnapshotWriter(7, batch_rows=2) as writer:
        writer.add(
            Row(
                "children",
                {"child": "PA", "la": "383", "sex": "F", "birth_month": dt.date(2015, 6, 1)},
            )
        )
        for number in range(5):
            writer.add(referral("PA", number))
        writer.add(
            Row(
                "assessments",
                {
                    "child": "PA",
                    "referral_id": "R1",
                    "assessment_id": "A1",
                    "factors": ["3A", "21"],
                },
            )
        )
        counts = writer.commit()
    assert counts["referrals"] == 5
    assert counts["children"] == 1
    assert counts["missing"] == 0
    paths = store.tables(7)
    assert list(paths) == [table.name for table in TABLES]
    # Five rows in batches of two: three row groups, so the rows went out as they came.
    assert pq.ParquetFile(paths["referrals"]).num_row_groups == 3
    with store.connect(7) as con:
        assert con.execute("select count(*) from referrals").fetchone() == (5,)
        assert con.execute("select sum(age) from referrals where nfa").fetchone() == (0 + 2 + 4,)
        assert con.execute("select max(referral_date) from referrals").fetchone() == (
            dt.date(2024, 4, 5),
        )
        assert con.execute("select factors from assessments").fetchone() == (["3A", "21"],)
        assert con.execute("select birth_month from children").fetchone() == (dt.date(2015, 6, 1),)
        # An empty table is there, with its columns and their types.
        assert con.execute("select count(*) from missing").fetchone() == (0,)
        columns = dict(
            con.execute("select column_name, column_type from (describe cp_plans)").fetchall()
        )
    assert columns["previous_plans"] == "INTEGER"
    assert columns["start_date"] == "DATE"


def write_then_fail(ident: int) -> None:
    with store.SnapshotWriter(ident) as writer:
        writer.add(referral("PA", 1))
        raise RuntimeError("the importer stopped")


def write_one(ident: int, row: Row) -> None:
    with store.SnapshotWriter(ident, batch_rows=1) as writer:
        writer.add(row)
        writer.commit()


def test_nothing_is_left_when_the_writer_is_not_committed(store_dir):
    with pytest.raises(RuntimeError):
        write_then_fail(8)
    assert not store.folder(8).exists()
    assert list(store_dir.iterdir()) == []


def test_a_reader_never_sees_a_half_written_snapshot(store_dir):
    with store.SnapshotWriter(9, batch_rows=1) as writer:
        writer.add(referral("PA", 1))
        writer.add(referral("PA", 2))
        with pytest.raises(store.StoreError, match="has no data in the store"):
            store.tables(9)
        writer.commit()
    assert store.tables(9)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (Row("names", {"child": "PA"}), "unknown table 'names'"),
        (
            Row("children", {"child": "PA", "postcode": "LS1 1AA"}),
            "unknown columns for children: postcode",
        ),
        (Row("referrals", {"child": "PA", "referral_date": "1/4/2024"}), "wrong type in referrals"),
    ],
)
def test_it_refuses_rows_outside_the_canonical_tables(store_dir, row, message):
    """The schema is the least-data contract: no other table or column gets into the store."""
    with pytest.raises(store.StoreError, match=message):
        write_one(10, row)
    assert not store.folder(10).exists()


def test_it_will_not_write_over_a_snapshot(store_dir):
    with store.SnapshotWriter(11) as writer:
        writer.commit()
    with pytest.raises(store.StoreError, match="already in the store"):
        store.SnapshotWriter(11)


def test_remove_deletes_the_folder(store_dir):
    with store.SnapshotWriter(12) as writer:
        writer.commit()
    store.remove(12)
    assert not store.folder(12).exists()
