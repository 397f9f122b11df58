"""Permission-matrix rows for the challenge log: everyone signed in reads it; the scrutineer and
the business unit raise and close challenges; the addressed agency's leads answer them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from scrutineer.challenges.services import challenge_raise

SIGN_IN = "sign-in"

# fmt: off
# url name                           object               anon     scrut BU    lead  exec  audit view
MATRIX: list[tuple[str, str | None, tuple[int | str, ...]]] = [
    ("challenges:index",             None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("challenges:add",               None,               (SIGN_IN, 200,  200,  403,  403,  403,  403)),
    ("challenges:challenge",         "police challenge", (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("challenges:respond",           "police challenge", (SIGN_IN, 200,  200,  200,  403,  403,  403)),
    ("challenges:close",             "police challenge", (SIGN_IN, 405,  405,  405,  405,  405,  405)),
]
# fmt: on


def records(*, users: dict[str, Any], police: Any, council: Any) -> dict[str, Any]:
    challenge = challenge_raise(
        question="What is driving the rise in missing episodes?",
        due_on=timezone.localdate() + dt.timedelta(days=28),
        raised_by=users["scrutineer"],
        agency=police,
    )
    return {"police challenge": challenge}
