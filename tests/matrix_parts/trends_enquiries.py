"""Permission-matrix rows for suggested lines of enquiry: the scrutineer's and the business
unit's working notes, refused (403) to everyone else."""

from __future__ import annotations

from typing import Any

from scrutineer.trends.models import Suggestion

SIGN_IN = "sign-in"

# fmt: off
# url name                           object               anon     scrut BU    lead  exec  audit view
MATRIX: list[tuple[str, str | None, tuple[int | str, ...]]] = [
    ("trends:suggestions",           None,               (SIGN_IN, 200,  200,  403,  403,  403,  403)),
    ("trends:suggestions_make",      None,               (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("trends:suggestion",            "open suggestion",  (SIGN_IN, 200,  200,  403,  403,  403,  403)),
    ("trends:suggestion_accept",     "open suggestion",  (SIGN_IN, 200,  200,  403,  403,  403,  403)),
    ("trends:suggestion_dismiss",    "open suggestion",  (SIGN_IN, 200,  200,  403,  403,  403,  403)),
]
# fmt: on


def records(*, users: dict[str, Any], police: Any, council: Any) -> dict[str, Any]:
    suggestion = Suggestion.objects.create(
        key="missing_return:matrix:2025-26 Q1",
        kind="missing_return",
        agency=police,
        text="Testshire Police's return for April to June 2025 has not arrived.",
        evidence={"agency": police.name, "quarter_label": "April to June 2025"},
    )
    return {"open suggestion": suggestion}
