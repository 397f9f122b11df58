"""The DfE's published cells: numbers, markers, and the arithmetic the domain's measures need.

Pure Python. ``read_cell`` turns a CSV cell into a number or a marker and never raises: the
DfE's markers are kept, never turned into 0 (``c`` suppressed, counts 1 to 5; ``x`` not
available; ``z`` not applicable; ``u`` low reliability; ``low`` and ``k``, rounds to 0 but is
not 0, are both kept as ``k``; the older ``:``, not available, as ``x``, because the database
keeps one character). A blank numeric cell is ``x``; anything else is kept as ``x`` and
reported as unreadable. Figures are exact fractions until they are stored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

ENGLAND = "E92000001"

MARKERS = {"c": "c", "x": "x", "z": "z", "u": "u", "k": "k", "low": "k", ":": "x", "": "x"}
MARKER_MEANINGS = {
    "c": "suppressed to protect confidentiality",
    "x": "not available",
    "z": "not applicable",
    "u": "low reliability",
    "k": "rounds to 0 but is not 0",
}
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d{1,3})?$", re.ASCII)
LARGEST = 10**12


@dataclass(frozen=True)
class Cell:
    """One published figure: a number, or missing with the DfE's marker (never both).

    ``unreadable`` keeps the text of a cell that was neither a number nor a marker (it is
    stored as ``x``, not available, and reported)."""

    value: Fraction | None = None
    marker: str = ""
    unreadable: str = ""


def read_cell(text: str | None) -> Cell:
    """A number or a marker from a CSV cell. Never raises, never turns a marker into 0."""
    raw = (text or "").strip()
    if raw.isascii() and raw.isdigit() and len(raw) <= 12:  # most cells: a count, read fast
        return Cell(value=Fraction(int(raw)))
    key = raw.lower()
    if key.startswith("[") and key.endswith("]"):  # the GSS style: [c], [x], [low]
        key = key[1:-1].strip()
    if key in MARKERS:
        return Cell(marker=MARKERS[key])
    number = raw.replace(",", "") if _THOUSANDS.match(raw) else raw
    if not _NUMBER.match(number):
        return Cell(marker="x", unreadable=raw)
    value = Fraction(number)  # exact: Fraction("22.6") is 113/5
    if abs(value) >= LARGEST:
        return Cell(marker="x", unreadable=raw)  # beyond any published figure (and the database)
    return Cell(value=value)


def parse_year(text: str) -> int:
    """The reporting year a ``time_period`` names: ``2025``, ``202425``, ``2024/25`` or
    ``2024-25`` are all 2025 (April 2024 to March 2025). Raises ValueError otherwise."""
    digits = re.sub(r"[/\-\s]", "", text.strip())
    if re.fullmatch(r"\d{4}", digits):
        return int(digits)
    if re.fullmatch(r"\d{6}", digits):
        start, end = int(digits[:4]), int(digits[4:])
        if (start + 1) % 100 != end:
            raise ValueError(f"{text!r} is not a year like 202425")
        return start + 1
    raise ValueError(f"{text!r} is not a year like 2025 or 202425")


# ---- measures ------------------------------------------------------------------------------

# Display precision, as the DfE publishes: counts whole, children-looked-after rate whole,
# every other rate and percentage to 1 decimal place.
COUNTS = frozenset(
    {
        "referrals",
        "rereferrals",
        "referrals_nfa",
        "referrals_not_in_need",
        "cin_31mar",
        "cpp_started",
        "cpp_repeat",
        "cpp_31mar",
        "cpp_2yr",
        "cla_31mar",
        "factor_episodes",
    }
)

# A rate per 10,000 children aged 0 to 17 and the count it is built from.
RATES = {
    "referral_rate": "referrals",
    "cin_rate": "cin_31mar",
    "cpp_start_rate": "cpp_started",
    "cpp_rate": "cpp_31mar",
    "cla_rate": "cla_31mar",
}


def places(code: str) -> int:
    """Decimal places the DfE shows a measure with."""
    return 0 if code in COUNTS or code == "cla_rate" else 1


def _half_up(numerator: int, denominator: int, digits: int) -> int:
    """numerator / denominator x 10^digits rounded half away from zero, in integers (exact,
    and fast enough for a hundred thousand figures)."""
    scaled = numerator * 10**digits
    whole = (2 * abs(scaled) + denominator) // (2 * denominator)
    return -whole if scaled < 0 else whole


def round_half_up(value: Fraction, digits: int) -> Decimal:
    """Round as the DfE's published tables do (half away from zero), exactly."""
    return Decimal(_half_up(value.numerator, value.denominator, digits)).scaleb(-digits)


def to_stored(value: Fraction, code: str) -> Decimal:
    """The value kept in the database (4 decimal places) such that rounding it for display
    gives what rounding the exact value gives: 22.54996 is kept as 22.5499, not 22.5500,
    which would show as 22.6 where the DfE shows 22.5."""
    digits, p, q = places(code), value.numerator, value.denominator
    stored = _half_up(p, q, 4)
    if _half_up(stored, 10**4, digits) != _half_up(p, q, digits):
        stored += -1 if stored * q > p * 10**4 else 1
    return Decimal(stored).scaleb(-4)


def ratio(numerator: Cell, denominator: Cell, scale: int) -> Cell:
    """numerator / denominator x scale, or missing with the marker that made it so.

    0 over a suppressed count is 0 (the DfE publishes it so: a suppressed count is 1 to 5,
    never 0); a zero denominator is ``z``, not applicable."""
    if numerator.value is not None and numerator.value == 0 and denominator.marker == "c":
        return Cell(value=Fraction(0))
    if numerator.value is None:
        return Cell(marker=numerator.marker or "x")
    if denominator.value is None:
        return Cell(marker=denominator.marker or "x")
    if denominator.value == 0:
        return Cell(marker="z")
    top, bottom = numerator.value, denominator.value
    value = Fraction(top.numerator * scale * bottom.denominator, top.denominator * bottom.numerator)
    return Cell(value=value) if abs(value) < LARGEST else Cell(marker="x")


def rate_per_10k(count: Cell, population: int | None) -> Cell:
    """A rate per 10,000 children; ``x`` where the population is not available."""
    if population is None:
        return Cell(marker=count.marker or "x")
    return ratio(count, Cell(value=Fraction(population)), 10_000)
