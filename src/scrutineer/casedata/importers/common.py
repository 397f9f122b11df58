"""Reading the values real returns contain: dates, yes/no answers, numbers and codes.

Every parser here takes whatever a file holds (text, a number, a date from a spreadsheet cell,
``None``) and returns a ``Parsed`` value: the value read, or ``None`` with a message saying
what is wrong. They never raise, because one bad cell must become a reported problem, not a
failed import (issue 4, item 2).

Dates come in the "five formats" local authorities use (dd/mm/yyyy, yyyy-mm-dd, d-mmm-yy,
dd.mm.yyyy, "12 March 2024"), as Excel serial numbers, or as spreadsheet date cells. Booleans
come as true/false/TRUE/FALSE/0/1, Y/N, Yes/No and "a) Yes"/"b) No".
"""

from __future__ import annotations

import datetime as dt
import re
from array import array
from collections.abc import Callable, Mapping
from hashlib import blake2b
from typing import Any, BinaryIO, NamedTuple


class Parsed(NamedTuple):
    """A value read from a file: ``value`` (``None`` when blank or unreadable) and ``error``
    (``None`` when the value was fine or blank; else what is wrong, in words)."""

    value: Any
    error: str | None = None


BLANK = Parsed(None)

# Text that spreadsheets and case systems put where nothing was recorded.
_NOTHING = {"", "NULL", "NAN", "N/A", "NA", "#N/A", "-", "--", "NAT", "PD.NA"}

_SPACES = re.compile(r"\s+")
_PLAIN = re.compile(r"[A-Za-z0-9/:._-]+")
# "a) ", "p1) ", "zz) ", "(a) ": the list letters Ofsted's template puts before categories.
_ENUMERATOR = re.compile(r"^\(?[a-z]{1,2}\d?\)\s*", re.IGNORECASE)


def clean(value: Any) -> str:
    """The text of a cell: no-break and zero-width spaces removed, runs of spaces collapsed,
    curly quotes straightened, and the text Excel writes for "nothing" turned into ""."""
    if value.__class__ is str and _PLAIN.fullmatch(value):  # the common case, made quick
        return "" if value.upper() in _NOTHING else value
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value)
    text = text.replace("\u00a0", " ").replace("\u200b", "").replace("\ufeff", "")
    text = text.translate(_QUOTES)
    text = _SPACES.sub(" ", text).strip()
    return "" if text.upper() in _NOTHING else text


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def strip_enumerator(text: str) -> str:
    """ "a) Male" -> "Male"; "p1) 5D: LA services" -> "5D: LA services"."""
    return _ENUMERATOR.sub("", text, count=1)


def shown(text: str, *, limit: int = 40) -> str:
    """A value quoted in a message, cut short so that a long cell never floods the report."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def shown_safely(text: str) -> str:
    """A value from a date or number field, quoted only when it cannot be someone's name.

    Problems are stored and shown to people who must not see identifying details; a name
    typed into a date column would otherwise travel into the report. Digits, punctuation
    and month names are safe to repeat; anything else is described, not quoted.
    """
    words = re.findall(r"[A-Za-z]+", text)
    if len(text) <= 30 and all(w.lower().rstrip(".") in _MONTH_WORDS for w in words):
        return repr(text)
    return f"a value of {len(text)} characters that is not a date or a number"


# --- dates -------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_WORDS = set(_MONTHS) | {"st", "nd", "rd", "th", "t"}

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?: [\d:.]+)?$")
_D_MON_Y = re.compile(
    r"^(\d{1,2})(?:st|nd|rd|th)?[\s\-/]+([A-Za-z]+)\.?,?[\s\-/]+(\d{4}|\d{2})$", re.IGNORECASE
)
_MON_D_Y = re.compile(r"^([A-Za-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$", re.IGNORECASE)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")

#: Excel's 1900 date system: serial 1 is 1 January 1900, and Excel counts a 29 February 1900
#: that never was, so from serial 61 (1 March 1900) on, day 0 is 30 December 1899.
EXCEL_EPOCH = dt.date(1899, 12, 30)
EARLIEST, LATEST = dt.date(1900, 3, 1), dt.date(2100, 12, 31)
DATE_HINT = "write dates as dd/mm/yyyy or yyyy-mm-dd"


def _year(text: str) -> int:
    """Four digits as they are; two digits as Excel reads them (00-29: 2000s, 30-99: 1900s)."""
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 30 else 1900
    return year


def _make(year: int, month: int, day: int, text: str) -> Parsed:
    try:
        found = dt.date(year, month, day)
    except ValueError:
        return Parsed(None, f"{shown_safely(text)} is not a real date ({DATE_HINT})")
    if not EARLIEST <= found <= LATEST:
        return Parsed(None, f"{shown_safely(text)} is outside the years 1900 to 2100")
    return Parsed(found)


def excel_serial(number: float) -> Parsed:
    """An Excel serial day number (1900 date system), as spreadsheets store dates."""
    if number != number or number < 61 or number > 2958465:  # NaN, before March 1900, after 9999
        return Parsed(None, f"{number!r} is not a date ({DATE_HINT})")
    found = EXCEL_EPOCH + dt.timedelta(days=int(number))
    if not EARLIEST <= found <= LATEST:
        return Parsed(None, f"{number!r} is outside the years 1900 to 2100")
    return Parsed(found)


def parse_date(value: Any, *, serials: bool = False) -> Parsed:
    """A date from a cell or an XML/CSV field; ``serials`` reads numbers as Excel serials."""
    if value is None:
        return BLANK
    if isinstance(value, dt.datetime):
        return _make(value.year, value.month, value.day, str(value))
    if isinstance(value, dt.date):
        return _make(value.year, value.month, value.day, str(value))
    if isinstance(value, bool):
        return Parsed(None, f"{value!r} is not a date ({DATE_HINT})")
    if isinstance(value, int | float):
        if serials:
            return excel_serial(float(value))
        return Parsed(None, f"{value!r} is a number, not a date ({DATE_HINT})")
    text = clean(value)
    if not text:
        return BLANK
    if len(text) == 10 and text[4] == "-" and text[7] == "-":  # the census's own form, quickly
        try:
            found = dt.date.fromisoformat(text)
        except ValueError:
            pass
        else:
            return Parsed(found) if EARLIEST <= found <= LATEST else _make(found.year, 1, 1, text)
    if match := _ISO.match(text):
        return _make(int(match[1]), int(match[2]), int(match[3]), text)
    if match := _DMY.match(text):
        return _make(_year(match[3]), int(match[2]), int(match[1]), text)
    if (match := _D_MON_Y.match(text)) and (number := _MONTHS.get(match[2].lower())):
        return _make(_year(match[3]), number, int(match[1]), text)
    if (match := _MON_D_Y.match(text)) and (number := _MONTHS.get(match[1].lower())):
        return _make(int(match[3]), number, int(match[2]), text)
    if serials and _SERIAL.match(text):
        return excel_serial(float(text))
    return Parsed(None, f"{shown_safely(text)} is not a date ({DATE_HINT})")


def month_start(day: dt.date | None) -> dt.date | None:
    """The first day of the month: all that is kept of a date of birth."""
    return day.replace(day=1) if day else None


def age_on(birth: dt.date | None, day: dt.date | None) -> int | None:
    """Whole years from ``birth`` to ``day``; ``None`` when either is unknown or the child was
    not yet born (a pre-birth referral)."""
    if birth is None or day is None or day < birth:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


# --- yes/no, numbers ---------------------------------------------------------------------

_TRUE = {"TRUE", "T", "1", "Y", "YES", "1 - YES"}
_FALSE = {"FALSE", "F", "0", "N", "NO", "0 - NO"}
_UNKNOWN = {"UNKNOWN", "NOT KNOWN", "U", "NOT RECORDED", "NOT STATED"}


def parse_bool(value: Any) -> Parsed:
    """true/false/TRUE/FALSE/0/1, Y/N, Yes/No, "a) Yes"/"b) No"; "Unknown" is blank."""
    if value.__class__ is str and value in _BOOL_WORDS:  # written the usual way: quickly
        return _BOOL_WORDS[value]
    if value is None:
        return BLANK
    if isinstance(value, bool):
        return Parsed(value)
    if isinstance(value, int | float) and value in (0, 1):
        return Parsed(bool(value))
    text = clean(value)
    if not text:
        return BLANK
    word = strip_enumerator(text).upper().rstrip(".")
    if word in _TRUE:
        return Parsed(True)
    if word in _FALSE:
        return Parsed(False)
    if word in _UNKNOWN:
        return BLANK
    return Parsed(None, f"{shown(text)} is not a yes/no answer (true/false, 1/0, Y/N or Yes/No)")


#: The spellings files use most, read once by ``parse_bool`` itself, so the quick way in
#: cannot give a different answer from the long one.
_BOOL_WORDS: dict[str, Parsed] = {}
_BOOL_WORDS.update(
    (word, parse_bool(word))
    for word in ("true", "false", "TRUE", "FALSE", "True", "False", "0", "1", "Y", "N", "Yes", "No")
)


def parse_int(value: Any, *, minimum: int = 0, maximum: int = 999) -> Parsed:
    """A whole number between ``minimum`` and ``maximum`` ("3", 3, 3.0)."""
    if value is None or isinstance(value, bool):
        return BLANK if value is None else Parsed(None, f"{value!r} is not a number")
    if isinstance(value, int | float):
        number = value
    else:
        text = clean(value)
        if not text:
            return BLANK
        try:
            number = float(text)
        except ValueError:
            return Parsed(None, f"{shown_safely(text)} is not a whole number")
    if number != number or not float(number).is_integer():
        return Parsed(None, f"{value!r} is not a whole number")
    if not minimum <= number <= maximum:
        return Parsed(None, f"{int(number)} is outside {minimum} to {maximum}")
    return Parsed(int(number))


# --- codes -------------------------------------------------------------------------------

_CODE_NOISE = re.compile(r"[\s'\".]")  # clean() has already straightened curly quotes


def code_text(value: Any) -> str:
    """A code as written, made comparable: upper case, no spaces, no list letter, no leading
    zeros ("3a" -> "3A", " n4 " -> "N4", "a) RC1" -> "RC1", "03A" -> "3A")."""
    text = clean(value)
    if not text:
        return ""
    text = _CODE_NOISE.sub("", strip_enumerator(text)).upper()
    return text.lstrip("0") or text


def parse_code(value: Any, allowed: Mapping[str, str], *, what: str = "code") -> Parsed:
    """A code from ``allowed`` (code -> meaning); anything else is reported, not guessed."""
    if value.__class__ is str and value in allowed:  # written exactly right: the usual case
        return Parsed(value)
    text = clean(value)
    if not text:
        return BLANK
    code = code_text(text)
    if code in allowed:
        return Parsed(code)
    return Parsed(None, f"{shown(text)} is not a known {what}")


def parse_identifier(value: Any) -> str:
    """An identifier as text: "12345" from the number 12345.0 a spreadsheet gives back."""
    return clean(value)


# --- streaming helpers -------------------------------------------------------------------


class CountingReader:
    """A binary file that reports how many bytes have been read so far to ``progress``."""

    def __init__(self, raw: BinaryIO, progress: Callable[[int], None] | None, start: int = 0):
        self.raw = raw
        self.progress = progress
        self.done = start

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.done += len(data)
        if self.progress is not None and data:
            self.progress(self.done)
        return data


class SeenSet:
    """Which identifiers a file has already given, in at most 16 bytes per identifier.

    Finding a child twice in a CIN census file needs a memory of every child met so far. A
    Python set of pseudonyms costs about 100 bytes a child; this keeps a 64-bit digest of each
    in an open-addressing table that is never more than half full, so memory grows by at most
    16 bytes a child (16 MB for a million children) while everything else stays flat. Two
    different identifiers share a digest with probability about 2^-64 per pair.
    """

    def __init__(self, capacity: int = 1 << 12) -> None:
        self._slots = array("Q", [0]) * capacity
        self._mask = capacity - 1
        self._count = 0

    def __len__(self) -> int:
        return self._count

    @staticmethod
    def _digest(key: str) -> int:
        digest = blake2b(key.encode("utf-8"), digest_size=8).digest()
        return int.from_bytes(digest, "little") or 1  # 0 marks an empty slot

    def add(self, key: str) -> bool:
        """Remember ``key``; True when it is new, False when it was seen before."""
        digest = self._digest(key)
        if self._place(digest):
            self._count += 1
            if self._count * 2 > len(self._slots):
                self._grow()
            return True
        return False

    def _place(self, digest: int) -> bool:
        slots, index = self._slots, digest & self._mask
        while True:
            found = slots[index]
            if found == 0:
                slots[index] = digest
                return True
            if found == digest:
                return False
            index = (index + 1) & self._mask

    def _grow(self) -> None:
        old = self._slots
        self._slots = array("Q", [0]) * (len(old) * 2)
        self._mask = len(self._slots) - 1
        for digest in old:
            if digest:
                self._place(digest)
