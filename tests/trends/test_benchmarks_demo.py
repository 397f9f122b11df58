"""The demo's benchmarks step: it imports the DfE files beside the repository, or says how."""

from __future__ import annotations

import pytest

from scrutineer.core.demo import DemoReport
from scrutineer.trends import demo_benchmarks
from scrutineer.trends.models import BenchmarkValue

from .benchmark_files import write_folder

pytestmark = pytest.mark.django_db


def test_it_imports_the_files_when_they_are_there_and_only_once(tmp_path, monkeypatch):
    folder = write_folder(tmp_path / "dfe")
    monkeypatch.setattr(demo_benchmarks, "dfe_folder", lambda: folder)
    report = DemoReport()
    demo_benchmarks.benchmarks(report)
    assert report.lines == [
        f"Benchmarks: 4 DfE and ONS files loaded from {folder} (42 rows, 11 measures, 24 rates)"
    ]
    count = BenchmarkValue.objects.count()
    assert count > 0
    demo_benchmarks.benchmarks(report)
    assert report.lines[-1] == f"Benchmarks: already loaded from {folder}"
    assert BenchmarkValue.objects.count() == count


def test_it_says_how_to_load_them_when_the_files_are_not_there(monkeypatch):
    monkeypatch.setattr(demo_benchmarks, "dfe_folder", lambda: None)
    report = DemoReport()
    demo_benchmarks.benchmarks(report)
    assert report.lines == [demo_benchmarks.HOW_TO_LOAD]
    assert "scrutineer benchmarks import" in demo_benchmarks.HOW_TO_LOAD
    assert not BenchmarkValue.objects.exists()


def test_the_folder_is_the_shared_data_beside_the_repository(settings, tmp_path):
    settings.DEMO_BENCHMARKS = True
    settings.PROJECT_DIR = tmp_path / "main"
    assert demo_benchmarks.dfe_folder() is None
    (tmp_path / "shared" / "data" / "dfe").mkdir(parents=True)
    assert demo_benchmarks.dfe_folder() == tmp_path / "shared" / "data" / "dfe"
