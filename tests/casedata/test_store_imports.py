"""Importing into snapshots: only a complete import is current, a failed one changes nothing,
the same file is imported once, and no child's ID reaches the store or the app database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from scrutineer.casedata import store
from scrutineer.casedata.importers.base import ImportRefused
from scrutineer.casedata.models import STALE_AFTER, Snapshot, SnapshotProblem
from scrutineer.casedata.services import (
    snapshot_make_current,
    snapshot_prepare,
    snapshot_run,
    snapshots_expire_stale,
)

from .tiny_importers import CLEAN, WITH_PROBLEMS, use_tiny_importers, write_tiny


@pytest.fixture
def tiny(monkeypatch, settings, tmp_path, db):
    settings.CASEDATA_DIR = tmp_path / "casedata"
    use_tiny_importers(monkeypatch)
    return tmp_path


def imported(path, la="383", **kwargs):
    prepared = snapshot_prepare(path=path, la=la, **kwargs)
    assert prepared.created
    return snapshot_run(snapshot=prepared.snapshot, path=path)


def test_a_complete_import_is_current_with_its_rows_and_problems(tiny):
    snapshot = imported(write_tiny(tiny / "a.tiny", *WITH_PROBLEMS))
    assert snapshot.status == Snapshot.Status.COMPLETE
    assert snapshot.current
    assert snapshot.row_counts["children"] == 2
    assert snapshot.row_counts["referrals"] == 3
    assert snapshot.problem_counts == {
        "dates_out_of_order": 1,
        "missing_field": 1,
        "unknown_code": 2,
    }
    assert snapshot.bytes_done == snapshot.bytes_total > 0
    assert snapshot.reference_date == dt.date(2025, 3, 31)  # from the importer's optional hook
    assert snapshot.collection_year == 2025
    problems = SnapshotProblem.objects.filter(snapshot=snapshot)
    assert problems.count() == 4
    assert set(problems.values_list("severity", flat=True)) == {"error", "warning"}
    assert store.current(la="383", format="cin") == snapshot
    with store.connect(snapshot) as con:
        assert con.execute("select count(distinct child) from referrals").fetchone() == (2,)


def test_no_local_authority_id_is_kept_anywhere(tiny):
    snapshot = imported(write_tiny(tiny / "a.tiny", *WITH_PROBLEMS))
    for path in store.tables(snapshot).values():
        assert b"LA000" not in path.read_bytes()
    children = {p.child for p in SnapshotProblem.objects.filter(snapshot=snapshot) if p.child}
    assert children
    assert all(child.startswith("P") and len(child) == 17 for child in children)
    with store.connect(snapshot) as con:
        stored = {row[0] for row in con.execute("select child from children").fetchall()}
    assert children <= stored


def test_a_new_import_takes_over_as_current(tiny):
    first = imported(write_tiny(tiny / "a.tiny", *CLEAN))
    second = imported(write_tiny(tiny / "b.tiny", *CLEAN, "child,LA0003,U"))
    first.refresh_from_db()
    assert (first.current, second.current) == (False, True)
    assert store.current(la="383") == second
    assert store.tables(first)  # the earlier snapshot is still there, unchanged


@pytest.mark.parametrize(
    ("bad_line", "message"),
    [
        ("refuse,The XML is not well formed at line 3", "The XML is not well formed at line 3"),
        ("crash", "because of an error in Scrutineer (RuntimeError)"),
        ("badtype", "a value of the wrong type in referrals"),
    ],
)
def test_a_failed_import_leaves_the_previous_snapshot_current_and_nothing_behind(
    tiny, bad_line, message
):
    good = imported(write_tiny(tiny / "a.tiny", *CLEAN))
    bad = imported(write_tiny(tiny / "b.tiny", *WITH_PROBLEMS, bad_line, *CLEAN))
    good.refresh_from_db()
    assert bad.status == Snapshot.Status.FAILED
    assert message in bad.error
    assert not bad.current
    assert good.current
    assert store.current(la="383") == good
    assert not SnapshotProblem.objects.filter(snapshot=bad).exists()
    assert bad.row_counts == {}
    assert bad.problem_counts == {}
    assert not store.folder(bad).exists()
    assert [p.name for p in store.root().iterdir()] == [str(good.pk)]


def test_importing_the_same_file_again_finds_the_first_import(tiny):
    path = write_tiny(tiny / "a.tiny", *CLEAN)
    first = imported(path)
    copy = write_tiny(tiny / "renamed.tiny", *CLEAN)
    again = snapshot_prepare(path=copy, la="383")
    assert not again.created
    assert again.snapshot == first
    assert f"as snapshot {first.pk} on" in again.message
    assert "was imported already" in again.message
    assert Snapshot.objects.count() == 1


def test_the_same_file_for_another_local_authority_is_another_import(tiny):
    path = write_tiny(tiny / "a.tiny", *CLEAN)
    imported(path, la="383")
    assert snapshot_prepare(path=path, la="384").created


def test_a_file_whose_import_failed_can_be_imported_again(tiny):
    path = write_tiny(tiny / "a.tiny", *CLEAN, "refuse,broken")
    failed = imported(path)
    retry = snapshot_prepare(path=path, la="383")
    assert retry.created
    assert retry.snapshot != failed


def test_it_imports_a_folder_as_one_snapshot(tiny):
    folder = tiny / "903"
    folder.mkdir()
    write_tiny(folder / "header.tiny", "child,LA0001,F", "child,LA0002,M")
    write_tiny(folder / "episodes.tiny", "referral,LA0001,E1,2024-05-01")
    snapshot = imported(folder)
    assert snapshot.format == "903"
    assert snapshot.row_counts["children"] == 2
    assert snapshot.row_counts["referrals"] == 1
    assert snapshot.bytes_done == snapshot.bytes_total


def test_it_refuses_a_file_too_big_before_reading_it(tiny, settings):
    settings.CASEDATA_MAX_MEGABYTES = 1
    big = tiny / "big.tiny"
    with big.open("wb") as out:
        out.truncate(2 * 1024 * 1024 + 1)  # sparse: two megabytes that were never written
    with pytest.raises(ImportRefused, match=r"big.tiny is 2.0 MB, more than the 1.0 MB"):
        snapshot_prepare(path=big, la="383")
    assert not Snapshot.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<?xml version='1.0'?><Message/>", "is not a file Scrutineer can import"),
        (b"", "is empty"),
    ],
)
def test_it_refuses_a_file_no_importer_recognises(tiny, content, message):
    path = tiny / "other.xml"
    path.write_bytes(content)
    with pytest.raises(ImportRefused, match=message):
        snapshot_prepare(path=path, la="383")
    assert not Snapshot.objects.exists()


def test_it_refuses_a_local_authority_code_that_is_not_three_digits(tiny):
    with pytest.raises(ImportRefused, match="three-digit DfE code"):
        snapshot_prepare(path=write_tiny(tiny / "a.tiny", *CLEAN), la="Leeds")


def test_an_import_that_stopped_moving_is_marked_failed_so_the_file_can_be_retried(tiny):
    path = write_tiny(tiny / "a.tiny", *CLEAN)
    stuck = snapshot_prepare(path=path, la="383").snapshot
    Snapshot.objects.filter(pk=stuck.pk).update(
        status=Snapshot.Status.RUNNING,
        updated_at=timezone.now() - STALE_AFTER - dt.timedelta(minutes=1),
    )
    stuck.refresh_from_db()
    assert stuck.is_stale()
    assert snapshots_expire_stale() == 1
    stuck.refresh_from_db()
    assert stuck.status == Snapshot.Status.FAILED
    assert "stopped without finishing" in stuck.error
    assert snapshot_prepare(path=path, la="383").created


def test_a_running_import_that_is_still_moving_is_left_alone(tiny):
    running = snapshot_prepare(path=write_tiny(tiny / "a.tiny", *CLEAN), la="383").snapshot
    Snapshot.objects.filter(pk=running.pk).update(status=Snapshot.Status.RUNNING)
    assert snapshots_expire_stale() == 0


def test_an_earlier_snapshot_can_be_put_back_in_force(tiny):
    first = imported(write_tiny(tiny / "a.tiny", *CLEAN))
    second = imported(write_tiny(tiny / "b.tiny", *CLEAN, "child,LA0009,F"))
    snapshot_make_current(snapshot=first)
    second.refresh_from_db()
    assert store.current(la="383") == first
    assert not second.current


def test_a_failed_snapshot_cannot_be_put_in_force(tiny):
    failed = imported(write_tiny(tiny / "a.tiny", "refuse,broken"))
    with pytest.raises(ImportRefused, match="not complete"):
        snapshot_make_current(snapshot=failed)


def test_the_progress_is_reported_as_it_reads(tiny):
    path = write_tiny(tiny / "a.tiny", *CLEAN)
    prepared = snapshot_prepare(path=path, la="383")
    seen: list[tuple[int, int]] = []
    snapshot_run(
        snapshot=prepared.snapshot,
        path=path,
        on_progress=lambda done, total: seen.append((done, total)),
    )
    assert len(seen) == len(CLEAN)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert seen[-1] == (path.stat().st_size, path.stat().st_size)
