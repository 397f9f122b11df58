"""``scrutineer accesslog verify`` and ``scrutineer accesslog export``."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from scrutineer.core.accesslog import SYSTEM_USERNAME, record_access
from scrutineer.core.management.commands.accesslog import Command
from scrutineer.core.models import AccessLogEntry

TABLE = AccessLogEntry._meta.db_table
triggers = importlib.import_module("scrutineer.core.migrations.0003_accesslog_append_only")


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("accesslog", *args, stdout=out)
    return out.getvalue()


def write(count: int, **values: Any) -> list[AccessLogEntry]:
    values.setdefault("action", "read")
    values.setdefault("object_type", "library.document")
    return [record_access(None, object_id=number, **values) for number in range(1, count + 1)]


def write_at(when: dt.datetime, monkeypatch: pytest.MonkeyPatch, **values: Any) -> AccessLogEntry:
    monkeypatch.setattr(timezone, "now", lambda: when)
    values.setdefault("action", "read")
    values.setdefault("object_type", "library.document")
    entry = record_access(None, **values)
    monkeypatch.undo()
    return entry


def tamper(entry: AccessLogEntry) -> None:
    create, drop = triggers.STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
        cursor.execute(f"UPDATE {TABLE} SET object_id = 'changed' WHERE id = %s", [entry.pk])  # noqa: S608
        for statement in create:
            cursor.execute(statement)


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


# ---- verify --------------------------------------------------------------------------------


def test_verify_says_the_chain_is_intact_and_gives_the_newest_hash(db):
    entries = write(3)
    output = run("verify")
    assert "3 entries checked: the chain is intact." in output
    assert f"The newest entry is {entries[-1].pk}, with hash {entries[-1].entry_hash}." in output


def test_verify_says_when_the_log_is_empty(db):
    assert "The access log is empty" in run("verify")


def test_verify_fails_and_names_the_first_broken_entry(db, bob):
    write(2)
    broken = record_access(None, action="export", object_type="library.document", user=bob)
    write(2)
    tamper(broken)
    with pytest.raises(CommandError) as failure:
        run("verify")
    when = broken.at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M")
    assert str(failure.value) == (
        f"Entry {broken.pk} ({when} UTC, bob, export) is broken: its contents do not match its "
        "hash. Entries from here on cannot be trusted."
    )


def test_verify_accepts_a_hash_that_is_still_in_the_chain(db):
    first, _ = write(2)
    assert "is still in the chain" in run("verify", "--expect-hash", first.entry_hash)


def test_verify_fails_when_the_expected_hash_has_gone(db):
    write(2)
    with pytest.raises(CommandError, match="removed from the end of the log"):
        run("verify", "--expect-hash", "a" * 64)


# ---- export --------------------------------------------------------------------------------


def test_export_writes_every_entry_oldest_first_with_the_hashes(db, tmp_path):
    entries = write(3, description="Annual report")
    target = tmp_path / "log.csv"
    assert "3 entries written to" in run("export", "--csv", str(target))
    rows = read_csv(target)
    assert [row["id"] for row in rows] == [str(entry.pk) for entry in entries]
    assert rows[0]["entry_hash"] == entries[0].entry_hash
    assert rows[0]["previous_hash"] == "0" * 64
    assert rows[0]["description"] == "Annual report"
    assert rows[0]["at_utc"] == entries[0].at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def test_export_is_recorded_as_an_export_by_the_system(db, tmp_path):
    write(2)
    target = tmp_path / "log.csv"
    run("export", "--csv", str(target))
    export = AccessLogEntry.objects.order_by("-id").first()
    assert export is not None
    assert (export.action, export.username, export.user_id) == ("export", SYSTEM_USERNAME, None)
    assert export.object_type == "core.accesslogentry"
    assert "2 access log entries exported as CSV" in export.description
    assert str(target.resolve()) in export.description
    assert "operating-system user" in export.description
    # The entry recording the export is not in the file it records.
    assert str(export.pk) not in [row["id"] for row in read_csv(target)]


def test_export_chooses_whole_days_in_uk_time(db, tmp_path, monkeypatch):
    # 23:30 UTC on 30 June is 00:30 on 1 July in British Summer Time.
    late_june = write_at(dt.datetime(2026, 6, 30, 22, 59, tzinfo=dt.UTC), monkeypatch)
    first_july = write_at(dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC), monkeypatch)
    last_july = write_at(dt.datetime(2026, 7, 31, 22, 59, tzinfo=dt.UTC), monkeypatch)
    august = write_at(dt.datetime(2026, 7, 31, 23, 0, tzinfo=dt.UTC), monkeypatch)
    target = tmp_path / "july.csv"
    run("export", "--csv", str(target), "--since", "2026-07-01", "--until", "2026-07-31")
    ids = [row["id"] for row in read_csv(target)]
    assert ids == [str(first_july.pk), str(last_july.pk)]
    assert str(late_june.pk) not in ids
    assert str(august.pk) not in ids


def test_export_refuses_a_date_that_is_not_real(db, tmp_path):
    with pytest.raises(CommandError, match="'2026-02-31' is not a real date"):
        run("export", "--csv", str(tmp_path / "x.csv"), "--since", "2026-02-31")


def test_export_refuses_an_end_before_the_start(db, tmp_path):
    with pytest.raises(CommandError, match="--until must be the same day"):
        run(
            "export",
            "--csv",
            str(tmp_path / "x.csv"),
            "--since",
            "2026-07-02",
            "--until",
            "2026-07-01",
        )
    assert not AccessLogEntry.objects.exists()


def test_export_to_a_folder_that_does_not_exist_fails_without_recording_an_export(db, tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        run("export", "--csv", str(tmp_path / "missing" / "log.csv"))
    assert not AccessLogEntry.objects.exists()


def test_export_can_write_to_standard_output(db):
    write(1)
    output = run("export", "--csv", "-")
    assert output.startswith("id,at_utc,username,user_id,action")
    assert AccessLogEntry.objects.filter(action="export").count() == 1


def test_export_defuses_text_a_spreadsheet_would_run_as_a_formula(db, tmp_path):
    entry = write(1, description='=HYPERLINK("http://evil.example","Click")')[0]
    target = tmp_path / "log.csv"
    run("export", "--csv", str(target))
    [row] = read_csv(target)
    assert row["description"] == "'" + entry.description
    # The stored text is unchanged, so the chain still verifies.
    assert "the chain is intact" in run("verify")


def test_the_help_names_both_sub_commands():
    text = Command().create_parser("scrutineer", "accesslog").format_help()
    assert "verify" in text
    assert "export" in text


# ---- the documentation's offline check -----------------------------------------------------


def offline_check(folder: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run the Python check from docs/access-log.md on ``folder/access-log.csv``."""
    docs = Path(__file__).resolve().parents[2] / "docs" / "access-log.md"
    blocks = docs.read_text(encoding="utf-8").split("```python\n")[1:]
    [script] = [block.split("```")[0] for block in blocks if "hashlib" in block]
    monkeypatch.chdir(folder)
    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    exec(compile(script, str(docs), "exec"), {})  # noqa: S102 - our own documentation
    monkeypatch.undo()
    return out.getvalue().strip()


def test_the_offline_check_in_the_docs_agrees_with_verify(db, tmp_path, monkeypatch, alice):
    write(2, description="-5 days: a formula-looking title")
    record_access(None, action="export", object_type="library.document", user=alice)
    run("export", "--csv", str(tmp_path / "access-log.csv"))
    assert offline_check(tmp_path, monkeypatch) == "intact"


def test_the_offline_check_in_the_docs_finds_a_changed_entry(db, tmp_path, monkeypatch):
    entries = write(3)
    tamper(entries[1])
    run("export", "--csv", str(tmp_path / "access-log.csv"))
    assert offline_check(tmp_path, monkeypatch) == f"broken at entry {entries[1].pk}"
