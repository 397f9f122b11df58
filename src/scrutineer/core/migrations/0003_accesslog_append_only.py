"""Make the access log append-only in the database itself, not only in the model.

Triggers refuse UPDATE and DELETE on ``core_accesslogentry``, so a raw SQL statement, a bulk
queryset operation or a database console cannot quietly change the log. (Someone who can drop
triggers can still tamper; the hash chain is what makes that visible, see docs/access-log.md.)

Why the two databases differ, and what that does to the test suite's flush:

* PostgreSQL: a row-level ``BEFORE UPDATE OR DELETE`` trigger raises an exception for every row.
  ``TRUNCATE`` fires no row triggers, and it is allowed on purpose: Django's ``flush`` (which
  pytest-django's ``transactional_db`` and ``live_server`` run between tests) empties tables with
  ``TRUNCATE``. Emptying the whole log is the one removal the chain cannot show (an empty log
  is intact), so ``verify`` prints the newest entry's hash to keep elsewhere and
  ``verify --expect-hash`` fails if that entry has gone.
* SQLite has no ``TRUNCATE``: Django's ``flush`` runs ``DELETE FROM core_accesslogentry``, which
  a trigger refusing every DELETE would stop, breaking every transactional test that wrote an
  entry. So on SQLite the DELETE trigger refuses every row except the oldest one left
  (``OLD.id`` is the smallest id). SQLite deletes a whole table in id order, firing the trigger
  before each row, so a flush empties the log; deleting any entry in the middle or at the end
  is refused. Removing entries from the start is the only deletion allowed, and the chain shows
  it: the first entry left no longer starts from the genesis hash, and ``verify`` names it.
  ``UPDATE`` is refused outright.

SQLite drops a table's triggers when a later migration rebuilds the table (which it does for
most ``AlterField`` operations): such a migration must create these triggers again.
``tests/core/test_accesslog.py`` checks the triggers against the final schema, so it fails if
that is forgotten.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

TABLE = "core_accesslogentry"
MESSAGE = "The access log is append-only: entries cannot be changed or deleted."

SQLITE_CREATE = [
    f"""
    CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END
    """,
    # Fixed names only, no input: not an injection.
    f"""
    CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
    WHEN OLD.id <> (SELECT MIN(id) FROM {TABLE})
    BEGIN
        SELECT RAISE(ABORT, '{MESSAGE}');
    END
    """,  # noqa: S608
]
SQLITE_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete",
]

POSTGRESQL_CREATE = [
    f"""
    CREATE FUNCTION {TABLE}_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    f"""
    CREATE TRIGGER {TABLE}_append_only BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_refuse_change()
    """,
]
POSTGRESQL_DROP = [
    f"DROP TRIGGER IF EXISTS {TABLE}_append_only ON {TABLE}",
    f"DROP FUNCTION IF EXISTS {TABLE}_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def _run(schema_editor, index):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise RuntimeError(f"The access log's append-only triggers are not written for {vendor}.")
    for statement in STATEMENTS[vendor][index]:
        # No parameters: the PostgreSQL function's '%' is plpgsql's, not a placeholder.
        schema_editor.execute(statement, params=None)


def create_triggers(apps, schema_editor):
    _run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Deleting a person must leave their entries alone (see AccessLogEntry's docstring).
        migrations.AlterField(
            model_name="accesslogentry",
            name="user",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers, elidable=False),
    ]
