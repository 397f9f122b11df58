"""``scrutineer casedata import``, ``snapshots`` and ``lookup`` on the command line."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scrutineer.casedata.models import Snapshot
from scrutineer.core.models import AccessLogEntry
from scrutineer.core.pseudonyms import pseudonym

from ..factories import make_partnership
from .tiny_importers import CLEAN, WITH_PROBLEMS, use_tiny_importers, write_tiny


@pytest.fixture
def tiny(monkeypatch, settings, tmp_path, db):
    settings.CASEDATA_DIR = tmp_path / "casedata"
    use_tiny_importers(monkeypatch)
    return tmp_path


def casedata(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("casedata", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_file_and_prints_the_snapshot_rows_and_problems(tiny):
    out, _ = casedata("import", str(write_tiny(tiny / "a.tiny", *WITH_PROBLEMS)), "--la", "383")
    snapshot = Snapshot.objects.get()
    assert (
        f"Snapshot {snapshot.pk}: CIN census XML, a.tiny, local authority 383: complete (in force)"
        in out
    )
    assert "  referrals               3" in out
    assert "Problems by rule: 4" in out
    assert "  unknown_code                          2" in out


def test_it_takes_the_local_authority_from_the_partnership(tiny):
    make_partnership(la_code="384")
    casedata("import", str(write_tiny(tiny / "a.tiny", *CLEAN)))
    assert Snapshot.objects.get().la == "384"


def test_it_asks_for_the_local_authority_when_there_is_no_partnership(tiny):
    with pytest.raises(CommandError, match="--la"):
        casedata("import", str(write_tiny(tiny / "a.tiny", *CLEAN)))


def test_it_says_so_when_the_file_was_imported_already(tiny):
    path = write_tiny(tiny / "a.tiny", *CLEAN)
    casedata("import", str(path), "--la", "383")
    out, _ = casedata("import", str(path), "--la", "383")
    assert "was imported already, as snapshot" in out
    assert Snapshot.objects.count() == 1


def test_it_prints_json(tiny):
    out, _ = casedata(
        "import", str(write_tiny(tiny / "a.tiny", *WITH_PROBLEMS)), "--la", "383", "--json"
    )
    result = json.loads(out)
    assert result["status"] == "complete"
    assert result["rows"]["children"] == 2
    assert result["problems"] == {"dates_out_of_order": 1, "missing_field": 1, "unknown_code": 2}
    assert result["already_imported"] is False


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", "Dear colleague", "notes.txt is not a file Scrutineer can import"),
        ("empty.tiny", "", "empty.tiny is empty"),
    ],
)
def test_it_refuses_what_it_cannot_import_with_exit_status_1(tiny, name, content, message):
    path = tiny / name
    path.write_text(content)
    with pytest.raises(CommandError, match=message) as raised:
        casedata("import", str(path), "--la", "383")
    assert raised.value.returncode == 1
    assert not Snapshot.objects.exists()


def test_it_refuses_a_path_that_is_not_there(tiny):
    with pytest.raises(CommandError, match="There is no file or folder"):
        casedata("import", str(tiny / "missing.xml"), "--la", "383")


def test_it_refuses_a_file_over_the_limit_before_reading_it(tiny, settings):
    settings.CASEDATA_MAX_MEGABYTES = 1
    big = tiny / "census.xml"
    with big.open("wb") as out:
        out.truncate(3 * 1024 * 1024)
    with pytest.raises(CommandError, match=r"census.xml is 3.0 MB, more than the 1.0 MB"):
        casedata("import", str(big), "--la", "383")


def test_a_file_that_fails_part_way_exits_1_and_says_why(tiny):
    path = write_tiny(tiny / "a.tiny", *CLEAN, "refuse,The file ends in the middle of a Child")
    with pytest.raises(
        CommandError, match=r"a\.tiny: The file ends in the middle of a Child"
    ) as raised:
        casedata("import", str(path), "--la", "383")
    assert raised.value.returncode == 1
    assert Snapshot.objects.get().status == Snapshot.Status.FAILED


def test_a_folder_of_separate_returns_is_one_snapshot_each(tiny):
    folder = tiny / "returns"
    folder.mkdir()
    write_tiny(folder / "2024.tiny", *CLEAN)
    write_tiny(folder / "2025.tiny", *CLEAN, "child,LA0003,F")
    (folder / "readme.txt").write_text("notes")
    _, err = casedata("import", str(folder), "--la", "383", "--format", "cin", "--json")
    assert Snapshot.objects.filter(status="complete").count() == 2
    assert "Left out readme.txt" in err


def test_the_snapshots_command_lists_them(tiny):
    casedata("import", str(write_tiny(tiny / "a.tiny", *CLEAN)), "--la", "383")
    out, _ = casedata("snapshots")
    assert "current" in out
    assert "a.tiny" in out
    listed = json.loads(casedata("snapshots", "--json")[0])
    assert [item["file"] for item in listed] == ["a.tiny"]


def test_the_snapshots_command_puts_an_earlier_snapshot_back(tiny):
    casedata("import", str(write_tiny(tiny / "a.tiny", *CLEAN)), "--la", "383")
    casedata("import", str(write_tiny(tiny / "b.tiny", *CLEAN, "child,LA9,F")), "--la", "383")
    first = Snapshot.objects.get(source_name="a.tiny")
    out, _ = casedata("snapshots", "--make-current", str(first.pk))
    assert "is now in force" in out
    first.refresh_from_db()
    assert first.current


def test_lookup_prints_the_pseudonym_and_logs_it_without_the_id(db, settings):
    out, _ = casedata("lookup", "AB123", "--la", "383")
    expected = pseudonym("AB123", key=settings.PSEUDONYM_KEY, la="383")
    assert out.strip() == expected
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.object_id, entry.username) == ("lookup", expected, "(system)")
    assert "AB123" not in entry.description


def test_lookup_checks_a_pseudonym(db, settings):
    expected = pseudonym("AB123", key=settings.PSEUDONYM_KEY, la="383")
    out, _ = casedata("lookup", "AB123", "--la", "383", "--check", expected.lower())
    assert "matches this ID" in out
    with pytest.raises(CommandError, match="does not match"):
        casedata("lookup", "AB124", "--la", "383", "--check", expected)


def test_lookup_reads_ids_from_standard_input(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("AB1\n\nAB2\n"))
    out, _ = casedata("lookup", "-", "--la", "383")
    assert [line.split("\t")[0] for line in out.splitlines()] == ["AB1", "AB2"]
    assert AccessLogEntry.objects.count() == 2


# --- The real importers on the shared sample files, once they exist ---------------------------

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "data" / "samples"


@pytest.mark.parametrize(
    ("sample", "fmt"),
    [
        ("cin_census/BAR_cin_2022.xml", "cin"),
        ("annex_a/Annex_A_2024_Jan.xlsx", "annexa"),
        ("ssda903", "903"),
    ],
)
def test_it_imports_the_shared_sample_files_with_the_real_importers(
    db, settings, tmp_path, sample, fmt
):
    from scrutineer.casedata import detect

    if not SAMPLES.is_dir():
        pytest.skip("../shared/data/samples is absent (it is outside the repository)")
    if fmt not in detect.importers():
        pytest.skip(f"the {fmt} importer is not written yet")
    settings.CASEDATA_DIR = tmp_path / "casedata"
    out, _ = casedata("import", str(SAMPLES / sample), "--la", "383", "--json")
    result = json.loads(out)
    assert result["status"] == "complete", result["error"]
    assert result["format"] == fmt
    assert sum(result["rows"].values()) > 0


# --- Bad input through the real importers: refused with a message, nothing half-imported ----

CIN_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    "<Message><Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>"
    "<ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>"
    "<Source><LEA>383</LEA></Source></Header><Children>"
)
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE Message [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
    "<Message><Header><CollectionDetails><Collection>CIN</Collection></CollectionDetails>"
    "</Header><Children><Child><ChildIdentifiers><LAchildID>&c;</LAchildID>"
    "</ChildIdentifiers></Child></Children></Message>"
)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("malformed.xml", CIN_HEAD + "<Child><ChildIdentifiers><LAchildID>A1</LAchildID></Child>"),
        ("bomb.xml", BILLION_LAUGHS),
    ],
)
def test_real_cin_importer_bad_xml_is_refused_and_nothing_is_kept(
    db, settings, tmp_path, name, content
):
    from scrutineer.casedata import detect

    if "cin" not in detect.importers():
        pytest.skip("the CIN importer is not written yet")
    settings.CASEDATA_DIR = tmp_path / "casedata"
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError):
        casedata("import", str(path), "--la", "383", "--no-progress")
    assert not Snapshot.objects.filter(status="complete").exists()
    assert not any(p.name.isdigit() for p in settings.CASEDATA_DIR.glob("*"))


def test_real_annexa_importer_refuses_a_workbook_without_its_lists(db, settings, tmp_path):
    from openpyxl import Workbook

    from scrutineer.casedata import detect

    if "annexa" not in detect.importers():
        pytest.skip("the Annex A importer is not written yet")
    settings.CASEDATA_DIR = tmp_path / "casedata"
    workbook = Workbook()
    workbook.active.title = "List 1"
    workbook.active.append(["Child unique ID", "Gender", "Date of contact"])
    path = tmp_path / "annex-a.xlsx"
    workbook.save(path)
    with pytest.raises(CommandError):
        casedata("import", str(path), "--la", "383", "--format", "annexa", "--no-progress")
    assert not Snapshot.objects.filter(status="complete").exists()
