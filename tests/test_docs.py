"""The docs are part of the product: these fail when code and docs drift apart."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

from scrutineer.core import clidoc

ROOT = Path(__file__).resolve().parents[1]


def test_the_cli_reference_is_up_to_date():
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert written == clidoc.render(), "docs/cli.md is out of date: run `make docs`"


def test_the_cli_reference_names_every_command_of_ours():
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in (
        "demo",
        "democode",
        "workdays",
        "accesslog",
        "reviews",
        "actions",
        "spc",
        "indicators",
        "enquiries",
        "casedata",
        "casedata generate",
        "casedata indicators",
        "casedata publish",
        "casedata sample",
        "returns",
        "benchmarks",
    ):
        assert f"## `scrutineer {command}`" in written


def test_every_environment_variable_is_documented():
    operations = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", operations, flags=re.MULTILINE))
    missing = sorted(settings.ENVIRONMENT_VARIABLES - documented)
    assert not missing, f"document these in docs/operations.md: {', '.join(missing)}"
    stale = sorted(documented - settings.ENVIRONMENT_VARIABLES)
    assert not stale, f"docs/operations.md documents variables the settings no longer read: {stale}"


def test_the_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make run" in readme
    assert "make test" in readme


def test_the_makefile_has_the_targets_the_readme_names():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test", "docs", "bench"):
        assert re.search(rf"^{target}:", makefile, flags=re.MULTILINE), target
