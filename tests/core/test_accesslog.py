"""The access log's chain, its append-only guards (model, queryset, triggers) and its writers."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.test import RequestFactory

from scrutineer.core import accesslog
from scrutineer.core.accesslog import (
    BROKEN_CONTENTS,
    BROKEN_GENESIS,
    GENESIS,
    SYSTEM_USERNAME,
    client_address,
    record_access,
    verify_chain,
)
from scrutineer.core.models import AccessLogEntry
from tests.factories import make_user

TABLE = AccessLogEntry._meta.db_table
triggers = importlib.import_module("scrutineer.core.migrations.0003_accesslog_append_only")


def write(count: int, **overrides: Any) -> list[AccessLogEntry]:
    entries = []
    for number in range(1, count + 1):
        values: dict[str, Any] = {
            "action": "read",
            "object_type": "library.document",
            "object_id": number,
            "description": f"Document {number}",
        }
        values.update(overrides)
        entries.append(record_access(None, **values))
    return entries


@contextmanager
def without_triggers() -> Iterator[None]:
    """Drop the append-only triggers to play the part of someone tampering with the database.

    Inside the test's transaction, so the triggers come back however the test ends.
    """
    create, drop = triggers.STATEMENTS[connection.vendor]
    with connection.cursor() as cursor:
        for statement in drop:
            cursor.execute(statement)
    yield
    with connection.cursor() as cursor:
        for statement in create:
            cursor.execute(statement)


def raw(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


# ---- the chain -----------------------------------------------------------------------------


def test_it_starts_the_chain_from_the_genesis_hash(db):
    [first] = write(1)
    assert first.previous_hash == GENESIS == "0" * 64


def test_it_links_each_entry_to_the_one_before(db):
    entries = write(4)
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.entry_hash
    assert len({entry.entry_hash for entry in entries}) == 4


def test_it_hashes_every_stored_field_as_documented(db, alice):
    request = RequestFactory().get("/library/7/?tab=file", REMOTE_ADDR="192.0.2.10")
    request.user = alice
    entry = record_access(request, action="read", object_type="library.document", object_id=7)
    stored = AccessLogEntry.objects.get(pk=entry.pk)
    documented = {
        "action": "read",
        "at": stored.at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%f+00:00"),
        "description": "",
        "ip_address": "192.0.2.10",
        "object_id": "7",
        "object_type": "library.document",
        "path": "/library/7/?tab=file",
        "previous_hash": GENESIS,
        "user_id": alice.pk,
        "username": "alice",
    }
    text = json.dumps(documented, sort_keys=True, separators=(",", ":"))
    assert stored.entry_hash == hashlib.sha256(text.encode()).hexdigest()


def test_it_records_who_what_when_and_where_from_a_request(db, alice):
    request = RequestFactory().get("/library/3/download/", REMOTE_ADDR="203.0.113.5")
    request.user = alice
    entry = record_access(
        request,
        action="download",
        object_type="library.document",
        object_id=3,
        description="Annual report",
    )
    stored = AccessLogEntry.objects.get(pk=entry.pk)
    assert (stored.user_id, stored.username, stored.action) == (alice.pk, "alice", "download")
    assert (stored.object_type, stored.object_id) == ("library.document", "3")
    assert (stored.ip_address, stored.path) == ("203.0.113.5", "/library/3/download/")
    assert stored.description == "Annual report"
    assert stored.at is not None


def test_it_records_the_system_when_there_is_no_request_or_user(db):
    [entry] = write(1)
    assert (entry.user_id, entry.username, entry.ip_address, entry.path) == (
        None,
        SYSTEM_USERNAME,
        None,
        "",
    )


def test_it_records_a_user_given_without_a_request(db, bob):
    entry = record_access(None, action="export", object_type="trends.return", user=bob)
    assert (entry.user_id, entry.username) == (bob.pk, "bob")


def test_it_refuses_an_action_that_is_not_in_the_vocabulary(db):
    with pytest.raises(ValueError, match="not an access log action"):
        record_access(None, action="peek", object_type="library.document")
    assert not AccessLogEntry.objects.exists()


def test_it_cuts_values_to_their_columns_so_the_hash_covers_what_is_stored(db):
    [entry] = write(1, description="x" * 1000, object_type="t" * 500)
    stored = AccessLogEntry.objects.get(pk=entry.pk)
    assert len(stored.description) == 300
    assert len(stored.object_type) == 100
    assert stored.compute_hash() == stored.entry_hash


def test_it_keeps_times_in_the_order_of_the_chain(db):
    entries = write(5)
    assert [entry.at for entry in entries] == sorted(entry.at for entry in entries)


# ---- the client's address ------------------------------------------------------------------


def address(remote: str, forwarded: str | None = None) -> str | None:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_it_ignores_x_forwarded_for_when_there_is_no_proxy(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert address("198.51.100.1", "10.0.0.1") == "198.51.100.1"


def test_it_takes_the_address_the_trusted_proxy_saw(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    # The client wrote "10.6.6.6" itself; the proxy appended the address it really came from.
    assert address("172.16.0.2", "10.6.6.6, 203.0.113.9") == "203.0.113.9"


def test_it_counts_back_past_each_trusted_proxy(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 2
    assert address("172.16.0.3", "10.6.6.6, 203.0.113.9, 172.16.0.2") == "203.0.113.9"


def test_it_uses_the_nearest_peer_when_the_request_did_not_pass_every_proxy(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 2
    assert address("198.51.100.1", "203.0.113.9") == "198.51.100.1"


def test_it_stores_addresses_in_canonical_form_and_drops_what_is_not_an_address(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert address("::1", "2001:DB8:0:0:0:0:0:1") == "2001:db8::1"
    assert address("::1", "[2001:db8::2]:443") == "2001:db8::2"
    assert address("::1", "203.0.113.9:51234") == "203.0.113.9"
    assert address("::1", "unknown") is None


def test_it_stores_an_ipv6_address_so_that_the_hash_still_verifies(db, settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="2001:DB8::FFFF:1")
    record_access(request, action="read", object_type="library.document")
    assert verify_chain().intact


# ---- verifying -----------------------------------------------------------------------------


def test_it_finds_an_empty_log_intact(db):
    check = verify_chain()
    assert check.intact
    assert check.checked == 0
    assert check.summary() == "The access log is empty: there is nothing to check."


def test_it_finds_an_untouched_chain_intact_across_chunks(db):
    entries = write(7)
    check = verify_chain(chunk_size=2)
    assert check.intact
    assert check.checked == 7
    assert check.newest == entries[-1]
    assert check.summary() == "7 entries checked: the chain is intact."


TAMPERED = {
    "at": dt.datetime(2026, 1, 1, 9, 0, tzinfo=dt.UTC),
    "user_id": 424242,
    "username": "mallory",
    "action": "export",
    "object_type": "casedata.child",
    "object_id": "999",
    "description": "Nothing to see here",
    "ip_address": "10.9.9.9",
    "path": "/elsewhere/",
    "previous_hash": "e" * 64,
    "entry_hash": "f" * 64,
}


@pytest.mark.parametrize("field", TAMPERED)
def test_it_names_the_entry_whose_field_was_changed(db, field):
    entries = write(5)
    middle = entries[2]
    value = TAMPERED[field]
    if field == "at":
        value = connection.ops.adapt_datetimefield_value(value)
    with without_triggers():
        raw(f"UPDATE {TABLE} SET {field} = %s WHERE id = %s", [value, middle.pk])  # noqa: S608
    check = verify_chain()
    assert not check.intact
    assert check.broken is not None
    assert check.broken.pk == middle.pk
    assert check.reason == BROKEN_CONTENTS
    assert check.checked == 3


def test_it_names_the_entry_after_one_deleted_from_the_middle(db):
    entries = write(5)
    with without_triggers():
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [entries[2].pk])  # noqa: S608
    check = verify_chain()
    assert check.broken is not None
    assert check.broken.pk == entries[3].pk
    assert f"does not follow on from entry {entries[1].pk}" in check.reason


def test_it_names_the_first_entry_left_when_the_oldest_were_deleted(db):
    entries = write(4)
    with without_triggers():
        raw(f"DELETE FROM {TABLE} WHERE id <= %s", [entries[1].pk])  # noqa: S608
    check = verify_chain()
    assert check.broken is not None
    assert check.broken.pk == entries[2].pk
    assert check.reason == BROKEN_GENESIS


def test_it_finds_a_chain_rebuilt_with_fresh_hashes_still_broken_at_the_genesis_rule(db):
    # Someone rewrites the first entry and recomputes its hash: the next entry no longer fits.
    entries = write(3)
    first = AccessLogEntry.objects.get(pk=entries[0].pk)
    first.username = "mallory"
    rehashed = first.compute_hash()
    with without_triggers():
        raw(
            f"UPDATE {TABLE} SET username = %s, entry_hash = %s WHERE id = %s",  # noqa: S608
            ["mallory", rehashed, first.pk],
        )
    check = verify_chain()
    assert check.broken is not None
    assert check.broken.pk == entries[1].pk


def test_it_says_which_entry_is_broken_and_why_in_one_sentence(db, bob):
    entry = record_access(None, action="export", object_type="library.document", user=bob)
    at = dt.datetime(2026, 11, 23, 10, 15, 30, tzinfo=dt.UTC)
    with without_triggers():
        raw(
            f"UPDATE {TABLE} SET at = %s WHERE id = %s",  # noqa: S608
            [connection.ops.adapt_datetimefield_value(at), entry.pk],
        )
    assert verify_chain().summary() == (
        f"Entry {entry.pk} (2026-11-23 10:15 UTC, bob, export) is broken: its contents do not "
        "match its hash. Entries from here on cannot be trusted."
    )


# ---- append-only: model, queryset and database --------------------------------------------


def test_it_refuses_to_save_a_changed_entry(db):
    [entry] = write(1)
    entry.username = "mallory"
    with pytest.raises(PermissionError, match="append-only"):
        entry.save()


def test_it_refuses_to_delete_an_entry(db):
    [entry] = write(1)
    with pytest.raises(PermissionError, match="append-only"):
        entry.delete()


def test_it_refuses_bulk_changes_through_the_queryset(db):
    write(2)
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.update(username="mallory")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.all().delete()
    assert AccessLogEntry.objects.filter(username=SYSTEM_USERNAME).count() == 2


def test_the_database_refuses_an_update(db):
    entries = write(3)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw(f"UPDATE {TABLE} SET username = 'mallory' WHERE id = %s", [entries[1].pk])  # noqa: S608
    assert verify_chain().intact


@pytest.mark.parametrize("which", [1, 2], ids=["middle", "newest"])
def test_the_database_refuses_to_delete_any_entry_but_the_oldest(db, which):
    entries = write(3)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [entries[which].pk])  # noqa: S608
    assert AccessLogEntry.objects.count() == 3


def test_the_database_refuses_to_delete_the_oldest_entry_on_postgresql_and_verify_sees_it_on_sqlite(
    db,
):
    entries = write(3)
    if connection.vendor == "postgresql":
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
            raw(f"DELETE FROM {TABLE} WHERE id = %s", [entries[0].pk])  # noqa: S608
        assert verify_chain().intact
    else:
        # SQLite lets the oldest go, so that Django's flush (DELETE FROM) works: see 0003.
        raw(f"DELETE FROM {TABLE} WHERE id = %s", [entries[0].pk])  # noqa: S608
        check = verify_chain()
        assert check.broken is not None
        assert (check.broken.pk, check.reason) == (entries[1].pk, BROKEN_GENESIS)


def test_deleting_a_person_leaves_their_entries_and_the_chain_alone(db):
    carol = make_user("carol")
    entry = record_access(None, action="read", object_type="library.document", user=carol)
    carol.delete()
    stored = AccessLogEntry.objects.get(pk=entry.pk)
    assert (stored.user_id, stored.username) == (entry.user_id, "carol")
    assert verify_chain().intact


def test_the_migration_can_be_reversed_and_applied_again(db):
    entries = write(2)
    with without_triggers():
        raw(f"UPDATE {TABLE} SET username = 'mallory' WHERE id = %s", [entries[0].pk])  # noqa: S608
    with pytest.raises(IntegrityError), transaction.atomic():
        raw(f"UPDATE {TABLE} SET username = 'eve' WHERE id = %s", [entries[0].pk])  # noqa: S608


@pytest.mark.django_db(transaction=True)
def test_the_test_databases_flush_still_empties_the_log():
    write(5)
    call_command("flush", interactive=False, verbosity=0)
    assert not AccessLogEntry.objects.exists()


# ---- writers one after another, and at once ------------------------------------------------


def test_two_writes_one_after_another_chain(db):
    first = record_access(None, action="read", object_type="library.document", object_id=1)
    second = record_access(None, action="export", object_type="library.document", object_id=2)
    assert second.previous_hash == first.entry_hash
    assert verify_chain().intact


@pytest.mark.django_db(transaction=True)
def test_writers_at_once_on_postgresql_still_make_one_chain():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has a single writer by design; the tests' in-memory database is shared")
    writers, each = 8, 10
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def writer(number: int) -> None:
        try:
            start.wait()
            for item in range(each):
                record_access(None, action="read", object_type="test.thread", object_id=item)
        except BaseException as error:
            failures.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    previous = list(AccessLogEntry.objects.values_list("previous_hash", flat=True))
    assert len(previous) == writers * each
    assert len(set(previous)) == len(previous), "two entries chained onto the same predecessor"
    assert verify_chain().intact


def test_it_takes_the_advisory_lock_on_postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's")
    record_access(None, action="read", object_type="library.document")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
            " AND ((classid::bigint << 32) | objid::bigint) = %s",
            [accesslog.CHAIN_LOCK_KEY],
        )
        held = cursor.fetchone()[0]
    # Held until the (test's) transaction ends, so a second writer would wait for it.
    assert held == 1
