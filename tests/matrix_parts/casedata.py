"""Permission-matrix rows for case-level data.

Only the local authority's own people (an agency that holds case-level data; none of the
matrix's roles is in one, so their rows are in ``tests/casedata/test_pages*.py``) and the
Independent Scrutineer handle imports and read validation reports; only the local
authority's own people look up pseudonyms. The overview page is for everyone signed in.
"""

from __future__ import annotations

from typing import Any

SIGN_IN = "sign-in"

# fmt: off
# url name                           object               anon     scrut BU    lead  exec  audit view
MATRIX: list[tuple[str, str | None, tuple[int | str, ...]]] = [
    ("casedata:index",               None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("casedata:snapshots",           None,               (SIGN_IN, 200,  403,  403,  403,  403,  403)),
    ("casedata:upload",              None,               (SIGN_IN, 200,  403,  403,  403,  403,  403)),
    ("casedata:snapshot",            "case-data snapshot", (SIGN_IN, 200, 403,  403,  403,  403,  403)),
    ("casedata:lookup",              None,               (SIGN_IN, 403,  403,  403,  403,  403,  403)),
]
# fmt: on


def records(*, users: dict[str, Any], police: Any, council: Any) -> dict[str, Any]:
    from scrutineer.casedata.models import Snapshot

    snapshot = Snapshot.objects.create(
        format="cin",
        la="383",
        source_name="census.xml",
        sha256="c" * 64,
        status=Snapshot.Status.COMPLETE,
        current=True,
        row_counts={"children": 1},
    )
    return {"case-data snapshot": snapshot}
