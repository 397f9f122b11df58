"""Start-up refuses unsafe or invalid settings, and production mode is secure by default.

Settings are read once, when the module is imported, so each case runs Python in a subprocess
with a controlled environment: every ``SCRUTINEER_*`` variable and ``DATABASE_URL`` from the
test run is cleared first, so only what a test sets is there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

VENV_BIN = Path(sys.executable).parent
GOOD_SECRET = "a5Jq-7vT2pLx9rWc_Yb3Nh8Ke4Dm6Gs1Fu0Zo-iAaBbCcDdEeFfGgHh"
PRODUCTION = {
    "SCRUTINEER_SECRET_KEY": GOOD_SECRET,
    "SCRUTINEER_ALLOWED_HOSTS": "scrutiny.example",
    "SCRUTINEER_PSEUDONYM_KEY": "a-pseudonym-key-for-the-settings-tests-0123456789",
}

SHOW_SETTINGS = """
import json
from scrutineer import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "SESSION_COOKIE_HTTPONLY": s.SESSION_COOKIE_HTTPONLY,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "PASSWORD_HASHERS": s.PASSWORD_HASHERS,
    "SESSION_COOKIE_AGE": s.SESSION_COOKIE_AGE,
    "SESSION_SAVE_EVERY_REQUEST": s.SESSION_SAVE_EVERY_REQUEST,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "X_FRAME_OPTIONS": s.X_FRAME_OPTIONS,
    "SECURE_PROXY_SSL_HEADER": getattr(s, "SECURE_PROXY_SSL_HEADER", None),
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
}))
"""


@pytest.fixture
def run(tmp_path):
    """Run a command with only the given Scrutineer variables set, in a throw-away data folder."""

    def run(args: list[str], **variables: str) -> subprocess.CompletedProcess[str]:
        environment = {
            name: value
            for name, value in os.environ.items()
            if not name.startswith("SCRUTINEER_")
            # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests' conftest for the test
            # process; a deployment never has it, and the deploy check rightly refuses it.
            and name not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
        }
        environment["SCRUTINEER_DATA_DIR"] = str(tmp_path / "var")
        environment.update(variables)
        return subprocess.run(  # noqa: S603 - our own interpreter and scripts
            args, env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=120
        )

    return run


@pytest.fixture
def start(run):
    """Import the settings as the app does at start-up."""

    def start(**variables: str) -> subprocess.CompletedProcess[str]:
        return run([sys.executable, "-c", "import scrutineer.settings"], **variables)

    return start


@pytest.fixture
def settings_with(run):
    """The settings a given environment produces, read in a subprocess."""

    def settings_with(**variables: str) -> dict:
        result = run([sys.executable, "-c", SHOW_SETTINGS], **variables)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return settings_with


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    """The last line of the traceback: the ImproperSetting and its message."""
    assert result.returncode != 0, "start-up should have been refused"
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("scrutineer.core.env.ImproperSetting: "), result.stderr
    return last.removeprefix("scrutineer.core.env.ImproperSetting: ")


def test_it_starts_in_production_mode_with_a_secret_and_hosts(start):
    result = start(**PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_it_refuses_production_mode_without_a_secret_key(start):
    message = refusal(start(SCRUTINEER_ALLOWED_HOSTS="scrutiny.example"))
    assert message.startswith("SCRUTINEER_SECRET_KEY must be set")


def test_it_refuses_a_blank_secret_key(start):
    message = refusal(start(**{**PRODUCTION, "SCRUTINEER_SECRET_KEY": "   "}))
    assert message.startswith("SCRUTINEER_SECRET_KEY must be set")


def test_it_refuses_a_short_secret_key(start):
    message = refusal(start(**{**PRODUCTION, "SCRUTINEER_SECRET_KEY": "x" * 49}))
    assert message == "SCRUTINEER_SECRET_KEY must be at least 50 characters long"


def test_it_refuses_production_mode_without_allowed_hosts(start):
    message = refusal(start(SCRUTINEER_SECRET_KEY=GOOD_SECRET))
    assert message.startswith("SCRUTINEER_ALLOWED_HOSTS must name")


def test_it_refuses_debug_set_to_a_word_it_does_not_know(start):
    message = refusal(start(**PRODUCTION, SCRUTINEER_DEBUG="maybe"))
    assert message.startswith("SCRUTINEER_DEBUG must be one of true/false")
    assert "'maybe'" in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "SCRUTINEER_SESSION_IDLE_MINUTES must be a whole number, not 'abc'"),
        ("1", "SCRUTINEER_SESSION_IDLE_MINUTES must be at least 5, not 1"),
        ("721", "SCRUTINEER_SESSION_IDLE_MINUTES must be at most 720, not 721"),
    ],
)
def test_it_refuses_an_idle_timeout_that_is_not_a_sensible_number(start, value, expected):
    message = refusal(start(**PRODUCTION, SCRUTINEER_SESSION_IDLE_MINUTES=value))
    assert message == expected


def test_it_refuses_an_unknown_email_backend(start):
    message = refusal(start(**PRODUCTION, SCRUTINEER_EMAIL_BACKEND="sendmail"))
    assert message.startswith("SCRUTINEER_EMAIL_BACKEND must be one of console, smtp, locmem")
    assert "'sendmail'" in message


def test_it_refuses_an_unknown_log_level(start):
    message = refusal(start(**PRODUCTION, SCRUTINEER_LOG_LEVEL="loud"))
    assert message.startswith("SCRUTINEER_LOG_LEVEL must be one of")


def test_it_refuses_to_run_a_command_with_a_bad_setting(run):
    result = run([str(VENV_BIN / "scrutineer"), "check"], SCRUTINEER_DEBUG="maybe")
    assert result.returncode != 0
    assert "SCRUTINEER_DEBUG must be one of true/false" in result.stderr


def test_it_leaves_debug_off_when_not_asked(settings_with):
    assert settings_with(**PRODUCTION)["DEBUG"] is False


def test_it_turns_debug_on_only_when_asked(settings_with):
    values = settings_with(SCRUTINEER_DEBUG="true")
    assert values["DEBUG"] is True
    assert values["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]


def test_it_sends_secure_cookies_and_hsts_in_production_mode(settings_with):
    values = settings_with(**PRODUCTION)
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"


def test_it_hashes_passwords_with_argon2_first(settings_with):
    hashers = settings_with(**PRODUCTION)["PASSWORD_HASHERS"]
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_it_sends_no_hsts_and_plain_cookies_in_debug_mode(settings_with):
    values = settings_with(SCRUTINEER_DEBUG="true")
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False


def test_it_ends_idle_sessions_after_the_minutes_asked(settings_with):
    values = settings_with(**PRODUCTION, SCRUTINEER_SESSION_IDLE_MINUTES="15")
    assert values["SESSION_COOKIE_AGE"] == 15 * 60
    assert values["SESSION_SAVE_EVERY_REQUEST"] is True


def test_it_trusts_the_proxy_header_only_when_told_it_is_behind_tls(settings_with):
    assert settings_with(**PRODUCTION)["SECURE_PROXY_SSL_HEADER"] is None
    behind = settings_with(**PRODUCTION, SCRUTINEER_BEHIND_TLS_PROXY="true")
    assert behind["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def test_it_passes_django_deploy_checks_but_the_two_left_to_the_proxy(run):
    """Redirecting to HTTPS and HSTS preload are left to the reverse proxy on purpose."""
    result = run([str(VENV_BIN / "scrutineer"), "check", "--deploy"], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    reported = {
        line.split(")")[0].split("(")[-1] for line in result.stderr.splitlines() if ": (" in line
    }
    assert reported <= {"security.W008", "security.W021"}, result.stderr
