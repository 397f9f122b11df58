"""Permission-matrix rows for API tokens (the business unit's alone) and the returns API.

The API's own addresses answer a signed-in person's session with 401: only a token opens them
(``tests/trends/test_api.py`` tests them with one). Its docs and OpenAPI schema are public, and
none of its addresses sends anyone to the two-factor page, since a token, not a session, is the
caller (``BEFORE_TWO_FACTOR``).
"""

from __future__ import annotations

from typing import Any

from scrutineer.trends.models import ApiToken

SIGN_IN = "sign-in"
TO_DOCS = "302 to /api/docs"

# fmt: off
# url name                           object               anon     scrut BU    lead  exec  audit view
MATRIX: list[tuple[str, str | None, tuple[int | str, ...]]] = [
    ("trends:tokens",                None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("trends:token_issue",           None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("trends:token_revoke",          "api token",        (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("api:api-root",                 None,               (TO_DOCS,) * 7),
    ("api:openapi-json",             None,               (200,     200,  200,  200,  200,  200,  200)),
    ("api:openapi-view",             None,               (200,     200,  200,  200,  200,  200,  200)),
    ("api:indicators",               None,               (401,     401,  401,  401,  401,  401,  401)),
    ("api:return",                   "api quarter",      (401,     401,  401,  401,  401,  401,  401)),
    ("api:return_version",           "api version",      (401,     401,  401,  401,  401,  401,  401)),
]
# fmt: on

BEFORE_TWO_FACTOR: dict[str, int | str] = {
    "api:api-root": TO_DOCS,
    "api:openapi-json": 200,
    "api:openapi-view": 200,
    "api:indicators": 401,
    "api:return": 401,
    "api:return_version": 401,
}

URL_KWARGS = {
    "api quarter": lambda r: {"quarter": "2024-25-Q1"},
    "api version": lambda r: {"quarter": "2024-25-Q1", "n": 1},
}


def records(*, users: dict[str, Any], police: Any, council: Any) -> dict[str, Any]:
    token = ApiToken.objects.create(
        agency=police, name="Police BI server", prefix="0a1b2c3d", key_hash="0" * 64
    )
    return {"api token": token}
