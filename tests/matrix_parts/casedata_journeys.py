"""Permission-matrix rows for case sampling (and journeys): case-level data, so only the
Independent Scrutineer and the local authority's own people (none among the matrix's roles but
the scrutineer) reach them."""

from __future__ import annotations

from typing import Any

SIGN_IN = "sign-in"

# fmt: off
# url name                           object               anon     scrut BU    lead  exec  audit view
MATRIX: list[tuple[str, str | None, tuple[int | str, ...]]] = [
    ("casedata:sample",              None,               (SIGN_IN, 200,  403,  403,  403,  403,  403)),
    ("casedata:journeys",            None,               (SIGN_IN, 200,  403,  403,  403,  403,  403)),
]
# fmt: on


def records(*, users: dict[str, Any], police: Any, council: Any) -> dict[str, Any]:
    return {}
