"""The demo's case-level step: a synthetic Northbridge snapshot, published into trends."""

from __future__ import annotations

import time

import pytest

from scrutineer.casedata import demo, store
from scrutineer.casedata.models import Snapshot
from scrutineer.core.demo import DemoReport
from scrutineer.trends.models import SeriesValue, Source


@pytest.fixture
def store_dir(settings, tmp_path):
    settings.CASEDATA_DIR = tmp_path / "casedata"
    settings.DEMO_CASEDATA = True
    return settings.CASEDATA_DIR


def test_it_generates_a_current_snapshot_publishes_it_and_does_it_once(db, store_dir):
    report = DemoReport()
    began = time.perf_counter()
    demo.casedata(report)
    assert time.perf_counter() - began < 30  # about 5 s alone; the machine is shared
    snapshot = Snapshot.objects.get()
    assert snapshot.current
    assert snapshot.la == demo.LA
    assert store.current(demo.LA) == snapshot
    assert snapshot.row_counts["referrals"] > 1000
    values = SeriesValue.objects.filter(snapshot=str(snapshot.pk))
    assert values.filter(indicator__code="referrals", source=Source.CASEDATA).count() == 36
    stored = values.count()
    assert "published" in report.lines[-1]

    again = DemoReport()
    demo.casedata(again)
    assert Snapshot.objects.count() == 1
    assert SeriesValue.objects.filter(snapshot=str(snapshot.pk)).count() == stored
    assert "already there and published" in again.lines[-1]


def test_the_synthetic_tables_are_the_same_every_time_and_pseudonymised(db):
    first = demo.synthetic_tables(children=40)
    second = demo.synthetic_tables(children=40)
    assert first["referrals"].equals(second["referrals"])
    assert first["children"].equals(second["children"])
    pseudonyms = first["children"].column("child").to_pylist()
    assert all(p.startswith("P") for p in pseudonyms)
    assert demo.synthetic_tables(children=40, seed=1)["referrals"] != first["referrals"]


def test_it_is_off_in_the_test_settings(db, settings):
    assert settings.DEMO_CASEDATA is False
    report = DemoReport()
    demo.casedata(report)
    assert not Snapshot.objects.exists()
    assert "left out" in report.lines[-1]
