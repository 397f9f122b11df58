"""Just enough PDF reading to check WeasyPrint's output without a PDF library.

Neither pdftotext nor pypdf is on the machine, so the tests inflate the PDF's streams, read the
fonts' ToUnicode maps and decode the text-showing (TJ) operators with them. A line is kept for
every map that decodes it entirely, so a line may appear twice; tests look for phrases.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator


def streams(data: bytes) -> Iterator[bytes]:
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            yield zlib.decompress(m.group(1))
        except zlib.error:
            continue


def cmaps(decoded: list[bytes]) -> list[dict[int, str]]:
    found = []
    for s in decoded:
        if b"begincmap" not in s:
            continue
        table: dict[int, str] = {}
        for block in re.findall(rb"beginbfchar(.*?)endbfchar", s, re.S):
            for src, dst in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block):
                table[int(src, 16)] = bytes.fromhex(dst.decode()).decode("utf-16-be")
        for block in re.findall(rb"beginbfrange(.*?)endbfrange", s, re.S):
            for lo, hi, dst in re.findall(
                rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>", block
            ):
                start = int(dst, 16)
                for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                    table[code] = chr(start + i)
        found.append(table)
    return found


def pdf_text(data: bytes) -> str:
    decoded = list(streams(data))
    maps = cmaps(decoded)
    lines = []
    for s in decoded:
        for array in re.findall(rb"\[(.*?)\]\s*TJ", s, re.S):
            hexes = re.findall(rb"<([0-9a-fA-F]*)>", array)
            codes = [int(h[i : i + 4], 16) for h in hexes for i in range(0, len(h), 4)]
            for table in maps:
                if all(c in table for c in codes):
                    lines.append("".join(table[c] for c in codes))
    return "\n".join(lines)


def info_title(data: bytes) -> str | None:
    """The document's title from its information dictionary (beside WeasyPrint's Producer)."""
    for chunk in [data, *streams(data)]:
        found = re.search(rb"/Producer \([^)]*\)/Title \(((?:[^)\\]|\\.)*)\)", chunk)
        if found:
            return found.group(1).decode("latin-1")
    return None
