"""The trends pages in words: figures formatted by unit, the Making Data Count icons' meanings,
and a plain-English reading of an SPC chart.

Charts and icons are never the only way a fact is given: each has these words beside it, for
screen reader users, for print and for anyone unsure what a dot means. Pure Python, no Django,
so the overview, the indicator page, the exports and the report builder say the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from .spc import Assurance, PointClass, Rule, SpcPoint, SpcResult, Variation

UNIT_SUFFIX = {
    "count": "",
    "rate_10k": " per 10,000",
    "percentage": "%",
    "days": " days",
    "rate": "",
}
CHANGE_UNIT = {"percentage": " percentage points"}

VARIATION_WORDS = {
    Variation.COMMON_CAUSE: "Common cause variation",
    Variation.IMPROVEMENT_HIGH: "Special cause improving variation, high",
    Variation.IMPROVEMENT_LOW: "Special cause improving variation, low",
    Variation.CONCERN_HIGH: "Special cause concerning variation, high",
    Variation.CONCERN_LOW: "Special cause concerning variation, low",
    Variation.NEITHER_HIGH: "Special cause variation, high (neither improving nor concerning)",
    Variation.NEITHER_LOW: "Special cause variation, low (neither improving nor concerning)",
}
VARIATION_SHORT = {
    Variation.COMMON_CAUSE: "Common cause",
    Variation.IMPROVEMENT_HIGH: "Improving (high)",
    Variation.IMPROVEMENT_LOW: "Improving (low)",
    Variation.CONCERN_HIGH: "Concerning (high)",
    Variation.CONCERN_LOW: "Concerning (low)",
    Variation.NEITHER_HIGH: "Special cause (high)",
    Variation.NEITHER_LOW: "Special cause (low)",
}
ASSURANCE_WORDS = {
    Assurance.PASS: "Consistently passing the target",
    Assurance.FAIL: "Consistently failing the target",
    Assurance.HIT_AND_MISS: "Hit and miss: sometimes passing and sometimes failing the target",
}
ASSURANCE_SHORT = {
    Assurance.PASS: "Passing",
    Assurance.FAIL: "Failing",
    Assurance.HIT_AND_MISS: "Hit and miss",
}
ICON_MEANINGS = {
    Variation.COMMON_CAUSE: "No signal: the figures vary only as much as they do while nothing "
    "changes.",
    Variation.IMPROVEMENT_HIGH: "A signal that the figures are higher than before, and higher "
    "is better.",
    Variation.IMPROVEMENT_LOW: "A signal that the figures are lower than before, and lower is "
    "better.",
    Variation.CONCERN_HIGH: "A signal that the figures are higher than before, and higher is "
    "worse.",
    Variation.CONCERN_LOW: "A signal that the figures are lower than before, and lower is worse.",
    Variation.NEITHER_HIGH: "A signal that the figures are higher than before, for an indicator "
    "where neither higher nor lower is better.",
    Variation.NEITHER_LOW: "A signal that the figures are lower than before, for an indicator "
    "where neither higher nor lower is better.",
    Assurance.PASS: "The process limits are all on the right side of the target: it can be "
    "expected to be met every time.",
    Assurance.FAIL: "The process limits are all on the wrong side of the target: it will be "
    "missed every time unless something changes.",
    Assurance.HIT_AND_MISS: "The target lies between the process limits: it will be met in some "
    "periods and missed in others, by chance alone.",
}
CLASS_WORDS = {
    PointClass.COMMON_CAUSE: "Common cause",
    PointClass.IMPROVEMENT: "Special cause: improving",
    PointClass.CONCERN: "Special cause: concerning",
    PointClass.NEUTRAL_HIGH: "Special cause: high",
    PointClass.NEUTRAL_LOW: "Special cause: low",
}
RULE_WORDS = {
    Rule.OUTSIDE_LIMITS: "beyond a process limit",
    Rule.TREND: "in a trend of 7 points rising or falling",
    Rule.TWO_OF_THREE: "2 of 3 points near or beyond a limit",
    Rule.SHIFT: "in a run of 7 points on one side of the mean",
}


class HasUnit(Protocol):
    """What formatting needs of an indicator."""

    unit: str

    @property
    def decimals(self) -> int: ...


def rounded(value: Decimal | float | int, places: int) -> Decimal:
    """Round half up, as the DfE publishes (Python's own rounding goes to the even digit)."""
    exponent = Decimal(1).scaleb(-places)
    return Decimal(str(value)).quantize(exponent, rounding=ROUND_HALF_UP)


def number(value: Decimal | float | int | None, places: int) -> str:
    """A figure with thousands separators and ``places`` decimals; empty for None."""
    if value is None:
        return ""
    return f"{rounded(value, places):,}"


def figure(value: Decimal | float | int | None, indicator: HasUnit, *, unit: bool = True) -> str:
    """A figure as the indicator shows it: "18.7%", "293.1 per 10,000", "1,234"."""
    if value is None:
        return ""
    text = number(value, indicator.decimals)
    return text + UNIT_SUFFIX.get(indicator.unit, "") if unit else text


@dataclass(frozen=True)
class Change:
    """How the latest figure differs from the one before it."""

    direction: str  # "up" | "down" | "same"
    amount: str
    previous: str
    previous_period: str

    @property
    def text(self) -> str:
        if self.direction == "same":
            return f"No change from {self.previous} in {self.previous_period}"
        return f"{self.direction.capitalize()} {self.amount} from {self.previous} in {self.previous_period}"


def change(
    latest: Decimal | float, previous: Decimal | float, indicator: HasUnit, previous_period: str
) -> Change:
    """The change between two figures in words: direction, size and the figure it is from."""
    difference = Decimal(str(latest)) - Decimal(str(previous))
    size = rounded(abs(difference), indicator.decimals)
    direction = "same" if difference == 0 else ("up" if difference > 0 else "down")
    tiny = direction != "same" and size == 0
    amount = f"less than {Decimal(1).scaleb(-indicator.decimals)}" if tiny else f"{size:,}"
    amount += CHANGE_UNIT.get(indicator.unit, UNIT_SUFFIX.get(indicator.unit, ""))
    return Change(direction, amount, figure(previous, indicator), previous_period)


# --- reading a chart --------------------------------------------------------------------------


def point_side(point: SpcPoint, before: SpcPoint | None) -> dict[Rule, str]:
    """For each rule that flags the point, which way it points, in words."""
    high = point.value > point.mean
    words: dict[Rule, str] = {}
    for rule in point.rules:
        if rule is Rule.OUTSIDE_LIMITS:
            words[rule] = (
                "above the upper process limit"
                if point.upper is not None and point.value > point.upper
                else "below the lower process limit"
            )
        elif rule is Rule.TREND:
            rising = before is not None and point.value > before.value
            words[rule] = (
                "part of a run of 7 or more points each "
                + ("higher" if rising else "lower")
                + " than the one before"
            )
        elif rule is Rule.TWO_OF_THREE:
            words[rule] = (
                "one of 2 out of 3 points in a row close to or beyond the "
                + ("upper" if high else "lower")
                + " process limit"
            )
        else:
            words[rule] = (
                "part of a run of 7 or more points " + ("above" if high else "below") + " the mean"
            )
    return words


def rules_in_words(point: SpcPoint, before: SpcPoint | None) -> str:
    """The special-cause rules that flag a point, in words (empty for common cause)."""
    return "; ".join(point_side(point, before).values())


CLASS_READING = {
    PointClass.COMMON_CAUSE: "",
    PointClass.IMPROVEMENT: "special cause improving variation",
    PointClass.CONCERN: "special cause concerning variation",
    PointClass.NEUTRAL_HIGH: "special cause variation (this indicator is neither better "
    "nor worse when higher)",
    PointClass.NEUTRAL_LOW: "special cause variation (this indicator is neither better "
    "nor worse when lower)",
}
ASSURANCE_READING = {
    Assurance.PASS: "the process limits are all on the right side of the target {target}, so "
    "the process can be expected to meet it consistently",
    Assurance.FAIL: "the process limits are all on the wrong side of the target {target}, so "
    "the process will consistently miss it unless something changes",
    Assurance.HIT_AND_MISS: "the target {target} lies between the process limits, so the "
    "process will meet it in some periods and miss it in others, by chance alone",
}


def chart_reading(
    result: SpcResult | None,
    indicator: HasUnit,
    *,
    labels: dict[str, str],
    target: Decimal | float | None = None,
    rebases: Sequence[tuple[str, str]] = (),
) -> list[str]:
    """What the chart says, as short paragraphs: the latest point, the limits, the target.

    ``labels`` maps a point's period key to the words for it ("March 2026"); ``rebases`` lists
    the re-basing periods shown, as (label, reason).
    """
    if result is None:
        return [
            "There are not enough figures to draw a chart yet: it needs at least 2. "
            "The figures there are, are in the table."
        ]
    points = result.points
    last = points[-1]
    before = points[-2] if len(points) > 1 else None
    when = labels.get(last.period, last.period)
    value = figure(last.value, indicator)
    said = []
    sides = point_side(last, before)
    if not sides:
        limits = (
            f"between the process limits ({figure(last.lower, indicator)} to "
            f"{figure(last.upper, indicator)})"
            if last.lower is not None and last.upper is not None
            else "where the limits cannot yet be estimated"
        )
        said.append(
            f"The latest point, {value} in {when}, is {limits}, and no run or trend is "
            "signalled: the variation is common cause, so nothing in the figures says the "
            "process has changed."
        )
    else:
        first, *others = sides.values()
        reading = (
            f"The latest point, {value} in {when}, is {first}: {CLASS_READING[last.point_class]}."
        )
        if others:
            reading += f" It is also {' and '.join(others)}."
        said.append(reading)
    mean = figure(last.mean, indicator)
    if last.lower is not None and last.upper is not None:
        said.append(
            f"The mean is {mean}; the process limits are {figure(last.lower, indicator)} and "
            f"{figure(last.upper, indicator)}, where nearly all figures fall while nothing "
            "changes."
        )
    if last.trial:
        said.append(
            "These are trial limits: they rest on fewer than 12 points, so read them with care."
        )
    flagged = sum(1 for p in points if p.point_class is not PointClass.COMMON_CAUSE)
    if flagged:
        said.append(
            f"{flagged} of the {len(points)} points show special cause variation; the table "
            "says which rule flags each."
        )
    for period, reason in rebases:
        said.append(f"The limits start again from {period}: {reason}.")
    if result.assurance is not None and target is not None:
        said.append(
            "Against the target: "
            + ASSURANCE_READING[result.assurance].format(target=figure(target, indicator))
            + "."
        )
    return said
