"""Permission-matrix rows for agencies' returns: the list, a return, its template, the upload,
a version, and the business unit's tracker with its reminders.

Agency leads see and send their own agency's returns (another agency's is "not found"); the
business unit sees and sends any; the scrutineer sees every return and the tracker but sends
no figures; the Executive, auditors and viewers have no part in returns.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from scrutineer.trends.models import Channel
from scrutineer.trends.services import return_for, submission_create

SIGN_IN = "sign-in"

# fmt: off
# url name                           object               anon     scrut BU    lead  exec  audit view
MATRIX: list[tuple[str, str | None, tuple[int | str, ...]]] = [
    ("trends:returns",               None,               (SIGN_IN, 200,  200,  200,  403,  403,  403)),
    ("trends:tracker",               None,               (SIGN_IN, 200,  200,  403,  403,  403,  403)),
    ("trends:tracker_open",          None,               (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("trends:tracker_remind",        None,               (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("trends:return",                "police return",    (SIGN_IN, 200,  200,  200,  403,  403,  403)),
    ("trends:return",                "council return",   (SIGN_IN, 200,  200,  404,  403,  403,  403)),
    ("trends:return_template",       "police return",    (SIGN_IN, 200,  200,  200,  403,  403,  403)),
    ("trends:return_template",       "council return",   (SIGN_IN, 200,  200,  404,  403,  403,  403)),
    ("trends:return_upload",         "police return",    (SIGN_IN, 403,  200,  200,  403,  403,  403)),
    ("trends:return_upload",         "council return",   (SIGN_IN, 403,  200,  404,  403,  403,  403)),
    ("trends:return_remind",         "police return",    (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("trends:submission",            "police version",   (SIGN_IN, 200,  200,  200,  403,  403,  403)),
    ("trends:submission",            "council version",  (SIGN_IN, 200,  200,  404,  403,  403,  403)),
]
# fmt: on

URL_KWARGS = {
    "police version": lambda r: {"pk": r["police return"].pk, "version": 1},
    "council version": lambda r: {"pk": r["council return"].pk, "version": 1},
}


def records(*, users: dict[str, Any], police: Any, council: Any) -> dict[str, Any]:
    quarter = dt.date(2024, 4, 1)
    police_return = return_for(agency=police, quarter_start=quarter)
    council_return = return_for(agency=council, quarter_start=quarter)
    for data_return in (police_return, council_return):
        submission_create(data_return=data_return, figures=[], channel=Channel.CSV)
    return {"police return": police_return, "council return": council_return}
