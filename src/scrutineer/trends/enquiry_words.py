"""How suggested lines of enquiry are worded: figures with their units, spans of periods,
and verbs that agree with an indicator's name. Pure Python, no Django."""

from __future__ import annotations

from . import periods

PERIOD_WORDS = {
    "monthly": ("month", "months", "month on month"),
    "quarterly": ("quarter", "quarters", "quarter on quarter"),
    "annual": ("year", "years", "year on year"),
}


_STOPS = frozenset(
    {
        # prepositions
        *("to", "within", "per", "with", "at", "of", "in", "for", "on", "from", "by"),
        *("after", "under", "over", "against"),
        # participles and adjectives that follow the head noun
        *("open", "starting", "started", "completed", "used", "looked", "missing", "reported"),
        *("seen", "placed", "held", "known", "referred", "assessed", "living", "waiting"),
    }
)
_PLURAL_WORDS = frozenset({"children", "people", "police", "data"})


def is_plural(name: str) -> bool:
    """Whether an indicator's name takes a plural verb ("Re-referrals ... have been", "Referral
    rate ... has been"): its head noun is the word before the first qualifier (a preposition,
    a participle, a bracket). A heuristic, checked against every starter indicator's name."""
    words = name.lower().replace(",", " ").split()
    head = words[-1] if words else ""
    for index, word in enumerate(words):
        if index and (word in _STOPS or word.startswith("(")):
            head = words[index - 1]
            break
    return head in _PLURAL_WORDS or (head.endswith("s") and not head.endswith(("ss", "us", "is")))


def number(value: float, unit: str, decimals: int) -> str:
    """A figure as a person reads it: 24.1%, 512.3 per 10,000 children, 1,204, 23.5 days."""
    places = 0 if unit == "count" else decimals
    text = f"{value:,.{places}f}"
    if unit == "percentage":
        return f"{text}%"
    if unit == "rate_10k":
        return f"{text} per 10,000 children"
    if unit == "days":
        return f"{text} days"
    return text


def period_label(key: str, frequency: str) -> str:
    return periods.label(periods.parse(key, frequency), frequency)


def span(first: str, last: str, frequency: str) -> str:
    """The months a run of periods covers: "January to March 2025", "November 2024 to January
    2025", or one period's own label ("March 2025", "April to June 2025")."""
    start = periods.parse(first, frequency)
    if first == last:
        return periods.label(start, frequency)
    end = periods.end(periods.parse(last, frequency), frequency)
    a, b = periods.MONTH_NAMES[start.month - 1], periods.MONTH_NAMES[end.month - 1]
    if start.year == end.year:
        return f"{a} to {b} {end.year}"
    return f"{a} {start.year} to {b} {end.year}"


def count(n: int, frequency: str) -> str:
    one, many, _ = PERIOD_WORDS[frequency]
    return f"{n} {one if n == 1 else many}"


def sentence_start(name: str) -> str:
    return name[:1].upper() + name[1:]


def year_label(year: int | None) -> str:
    """The DfE's reporting year 2025 is the financial year 2024-25."""
    return "the latest year" if year is None else f"{year - 1}-{year % 100:02d}"


def possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"
