"""The pseudonym key and the store's settings are read from the environment, and refused
when unsafe, at start-up (settings are read once, so each case runs in a subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

PRODUCTION = {
    "SCRUTINEER_SECRET_KEY": "a5Jq-7vT2pLx9rWc_Yb3Nh8Ke4Dm6Gs1Fu0Zo-iAaBbCcDdEeFfGgHh",
    "SCRUTINEER_ALLOWED_HOSTS": "scrutiny.example",
    "SCRUTINEER_PSEUDONYM_KEY": "p" * 32,
}
SHOW = (
    "import json; from scrutineer import settings as s; print(json.dumps({"
    "'key': s.PSEUDONYM_KEY.decode(), 'dir': str(s.CASEDATA_DIR), "
    "'max': s.CASEDATA_MAX_MEGABYTES, 'tasks': s.TASKS['default']['BACKEND']}))"
)


@pytest.fixture
def start(tmp_path):
    def start(**variables: str) -> subprocess.CompletedProcess[str]:
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("SCRUTINEER_")
            and name not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
        }
        environment["SCRUTINEER_DATA_DIR"] = str(tmp_path / "var")
        environment.update(variables)
        return subprocess.run(  # noqa: S603 - our own interpreter
            [sys.executable, "-c", SHOW],
            env=environment,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )

    return start


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0, "start-up should have been refused"
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("scrutineer.core.env.ImproperSetting: "), result.stderr
    return last.removeprefix("scrutineer.core.env.ImproperSetting: ")


def test_it_refuses_production_mode_without_a_pseudonym_key(start):
    variables = {k: v for k, v in PRODUCTION.items() if k != "SCRUTINEER_PSEUDONYM_KEY"}
    assert refusal(start(**variables)).startswith("SCRUTINEER_PSEUDONYM_KEY must be set")


def test_it_refuses_a_pseudonym_key_shorter_than_32_bytes(start):
    message = refusal(start(**{**PRODUCTION, "SCRUTINEER_PSEUDONYM_KEY": "p" * 31}))
    assert message == "SCRUTINEER_PSEUDONYM_KEY must be at least 32 bytes long"


def test_it_refuses_a_short_key_in_debug_mode_too(start):
    message = refusal(start(SCRUTINEER_DEBUG="true", SCRUTINEER_PSEUDONYM_KEY="short"))
    assert message == "SCRUTINEER_PSEUDONYM_KEY must be at least 32 bytes long"


def test_it_uses_the_key_given_and_keeps_the_store_beside_the_database(start, tmp_path):
    result = start(**PRODUCTION)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["key"] == "p" * 32
    assert shown["dir"] == str(tmp_path / "var" / "casedata")
    assert shown["max"] == 1024
    assert shown["tasks"] == "django_tasks_db.DatabaseBackend"


def test_imports_can_run_in_the_web_process_instead_of_a_worker(start):
    result = start(**PRODUCTION, SCRUTINEER_TASKS="immediate")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["tasks"].endswith("ImmediateBackend")


def test_it_refuses_a_task_backend_it_does_not_know(start):
    message = refusal(start(**PRODUCTION, SCRUTINEER_TASKS="celery"))
    assert message == "SCRUTINEER_TASKS must be one of database, immediate, not 'celery'"


def test_debug_mode_falls_back_to_the_loudly_named_development_key(start):
    result = start(SCRUTINEER_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["key"].startswith("INSECURE-DEVELOPMENT")


def test_it_reads_the_store_folder_and_the_import_limit(start, tmp_path):
    result = start(
        **PRODUCTION,
        SCRUTINEER_CASEDATA_DIR=str(tmp_path / "store"),
        SCRUTINEER_CASEDATA_MAX_MB="50",
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert (shown["dir"], shown["max"]) == (str(tmp_path / "store"), 50)


def test_it_refuses_an_import_limit_that_is_not_a_number(start):
    message = refusal(start(**PRODUCTION, SCRUTINEER_CASEDATA_MAX_MB="lots"))
    assert message.startswith("SCRUTINEER_CASEDATA_MAX_MB must be a whole number")
