"""The local authority imports a return through the pages: upload -> progress -> validation report,
each page checked with axe, with and without JavaScript."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from scrutineer.casedata import views
from scrutineer.casedata.models import Snapshot
from scrutineer.casedata.services import snapshot_run, upload_discard
from tests.casedata.tiny_importers import WITH_PROBLEMS, use_tiny_importers, write_tiny

from .conftest import axe_check, expect_page, sign_in


@pytest.fixture
def queue(monkeypatch: Any, settings: Any, tmp_path: Path) -> list[dict[str, Any]]:
    """Tiny importers, a store of the test's own, and a queue the test works as the worker.

    The live server runs in this process, so what is patched here is what it uses.
    """
    settings.CASEDATA_DIR = tmp_path / "casedata"
    use_tiny_importers(monkeypatch)
    jobs: list[dict[str, Any]] = []
    monkeypatch.setattr(views, "import_upload_enqueue", lambda **job: jobs.append(job))
    return jobs


def work(jobs: list[dict[str, Any]]) -> None:
    """Do what the task worker does with each queued import."""
    for job in jobs:
        snapshot_run(snapshot=job["snapshot"], path=job["path"])
        upload_discard(job["folder"])
    jobs.clear()


def test_the_council_imports_a_return_and_reads_its_validation_report(
    demo: Any, page: Page, queue: list[dict[str, Any]], tmp_path: Path
) -> None:
    sign_in(page, "lead.council")
    page.goto("/case-data/")
    expect_page(page, "Case-level evidence")
    axe_check(page)

    page.locator("main").get_by_role("button", name="Import a file").click()
    expect_page(page, "Import a file")
    axe_check(page)

    # Nothing chosen: the error summary says what to do, and links to the field.
    page.locator("main").get_by_role("button", name="Import").click()
    expect_page(page, "Import a file", title="Error: Import a file")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select the file to import")
    axe_check(page)

    census = write_tiny(tmp_path / "census-2025.tiny", *WITH_PROBLEMS)
    page.locator("main").get_by_label("File").set_input_files(str(census))
    page.locator("main").get_by_role("button", name="Import").click()

    # The import waits for the worker: the progress page polls for it.
    expect(page.locator("h1")).to_have_text("census-2025.tiny")
    expect(page.locator("main")).to_contain_text("The import will start shortly")
    expect(page.get_by_role("link", name="Refresh to see how the import is going")).to_be_visible()
    axe_check(page)

    work(queue)
    # htmx's next poll finds it finished and reloads the page with the report.
    expect(page.get_by_role("heading", name="Validation report")).to_be_visible(timeout=10_000)
    snapshot = Snapshot.objects.get()
    assert snapshot.status == Snapshot.Status.COMPLETE
    assert page.title().startswith(f"Snapshot {snapshot.pk}: census-2025.tiny")
    expect(page.locator("#problems caption")).to_contain_text("4 problems")
    axe_check(page)

    page.locator("main").get_by_label("Rule").select_option(label="Unknown code")
    page.locator("main").get_by_role("button", name="Filter").click()
    expect(page.locator("#problems caption")).to_contain_text("2 problems matching the filters")
    axe_check(page)

    page.goto("/case-data/imports/")
    expect_page(page, "Imports of case-level data")
    expect(page.locator("main")).to_contain_text("In force")
    axe_check(page)


def test_progress_can_be_followed_without_javascript(
    demo: Any, open_context: Any, queue: list[dict[str, Any]], tmp_path: Path
) -> None:
    page = open_context(java_script_enabled=False).new_page()
    sign_in(page, "lead.council")
    page.goto("/case-data/imports/new/")
    census = write_tiny(tmp_path / "census.tiny", *WITH_PROBLEMS)
    page.locator("main").get_by_label("File").set_input_files(str(census))
    page.locator("main").get_by_role("button", name="Import").click()
    expect(page.locator("main")).to_contain_text("The import will start shortly")
    work(queue)
    page.get_by_role("link", name="Refresh to see how the import is going").click()
    expect(page.get_by_role("heading", name="Validation report")).to_be_visible()


def test_the_pseudonym_look_up_page_is_accessible(demo: Any, page: Page) -> None:
    sign_in(page, "lead.council")
    page.goto("/case-data/pseudonyms/")
    expect_page(page, "Find a child's pseudonym")
    axe_check(page)
    page.locator("main").get_by_label("Local authority child ID").fill("NB0001234")
    page.locator("main").get_by_role("button", name="Find the pseudonym").click()
    expect(page.locator(".govuk-panel__title")).to_have_text(re.compile(r"^P[A-Z2-7]{16}$"))
    axe_check(page)
