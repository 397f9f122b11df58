"""Permission-matrix rows for case sampling (and journeys): case-level data, so only the
Independent Scrutineer and the local authority's own people (none among the matrix's roles but
the scrutineer) reach them.

The journeys' CSV sends the scrutineer back to the journeys page: the matrix's snapshot has no
files in the store, so there is nothing to download, and the page says why."""

from __future__ import annotations

from typing import Any

SIGN_IN = "sign-in"
JOURNEYS = "302 to /case-data/journeys/"

# fmt: off
# url name                           object               anon     scrut BU    lead  exec  audit view
MATRIX: list[tuple[str, str | None, tuple[int | str, ...]]] = [
    ("casedata:sample",              None,               (SIGN_IN, 200,  403,  403,  403,  403,  403)),
    ("casedata:journeys",            None,               (SIGN_IN, 200,  403,  403,  403,  403,  403)),
    ("casedata:journeys_csv",        None,               (SIGN_IN, JOURNEYS, 403, 403, 403,  403,  403)),
]
# fmt: on


def records(*, users: dict[str, Any], police: Any, council: Any) -> dict[str, Any]:
    return {}
