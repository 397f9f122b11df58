"""Keeping XML attacks out: a document type declaration is refused before any parser sees it.

CIN census files never declare a document type. A DOCTYPE is how the known XML attacks are
made: entities that expand into gigabytes ("billion laughs"), external entities that read
local files or web addresses. So the prolog (the text before the first element) is read as
bytes and any DOCTYPE refused with a message that says which attack it could be. The parser is
then run with entities unresolved, no network, no DTD loading and no huge trees (``SAFE``), a
second wall should the first be passed.
"""

from __future__ import annotations

import re
from pathlib import Path

from scrutineer.casedata.importers.base import ImportRefused

SAFE = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "load_dtd": False,
    "remove_comments": True,
    "remove_pis": True,
}
_ELEMENT = re.compile(rb"<[A-Za-z_]")
PROLOG_BYTES = 1 << 16
_DOCTYPE = re.compile(rb"<\s*!\s*DOCTYPE", re.IGNORECASE)
_ENTITY = re.compile(rb"<\s*!\s*ENTITY", re.IGNORECASE)
_EXTERNAL = re.compile(rb"\b(SYSTEM|PUBLIC)\b")


def xml_head(path: Path, size: int = PROLOG_BYTES) -> bytes:
    """The file's first bytes, as ASCII-compatible bytes even when the file is UTF-16."""
    with path.open("rb") as handle:
        data = handle.read(size)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16: read the text as ASCII bytes
        data = data.decode("utf-16", errors="ignore").encode("ascii", errors="ignore")
    return data


def refuse_doctype(path: Path) -> None:
    """Refuse a document type declaration before the parser sees it (see the module doc)."""
    head = xml_head(path)
    first = _ELEMENT.search(head)
    found = _DOCTYPE.search(head, 0, first.start() if first else len(head))
    if not found:
        return
    declaration = head[found.start() :]
    if _ENTITY.search(declaration):
        external = any(
            _EXTERNAL.search(chunk.split(b">")[0]) for chunk in _ENTITY.split(declaration)[1:]
        )
        if external:
            raise ImportRefused(
                f"{path.name} declares an external entity (a reference to another file or a "
                "web address) in a DOCTYPE: refused, because it could read files it should "
                "not. CIN census files have no DOCTYPE; export the file again."
            )
        raise ImportRefused(
            f"{path.name} declares entities in a DOCTYPE: refused, because entity expansion "
            "can make a small file unpack into gigabytes (an 'XML bomb'). CIN census files "
            "have no DOCTYPE; export the file again."
        )
    raise ImportRefused(
        f"{path.name} has a DOCTYPE declaration: refused, because CIN census files never "
        "have one and it can hide an entity-expansion attack. Remove the DOCTYPE line."
    )
