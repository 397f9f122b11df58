"""Permission-matrix rows for the benchmarks page: published figures, for everyone signed in."""

from __future__ import annotations

from typing import Any

SIGN_IN = "sign-in"

# fmt: off
# url name                           object               anon     scrut BU    lead  exec  audit view
MATRIX: list[tuple[str, str | None, tuple[int | str, ...]]] = [
    ("trends:benchmarks",            None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
]
# fmt: on


def records(*, users: dict[str, Any], police: Any, council: Any) -> dict[str, Any]:
    return {}
