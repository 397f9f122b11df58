"""The Sankey chart's geometry: hidden counts cannot shape it, and the bands fit their steps."""

from __future__ import annotations

import re

import pytest

from scrutineer.casedata import journeys_chart as chart
from scrutineer.casedata.journeys import LABELS, Contacts, Filters, Flow, Journey, Step

FEWER = chart.HIDDEN


def _journey(counts: dict[str, int], flows: dict[tuple[str, str], int], small=(1, 5)) -> Journey:
    """A journey from counts by any route (the funnel's counts are the same here) and flows;
    with the contact step when the flows include the contact's."""
    steps = [Step(key, LABELS[key], n, n, None, None) for key, n in counts.items()]
    contacts = None
    if ("contact", "referral") in flows:
        contacts = Contacts(
            referred=flows[("contact", "referral")],
            median_days=1.0,
            ended=flows.get(("contact", "end"), 0),
            without=flows.get(("no_contact", "referral"), 0),
            outside=flows.get(("contact", "outside"), 0),
        )
    return Journey(
        year=2025,
        filters=Filters(),
        steps=steps,
        flows=[
            Flow(a, b, n, None if b in ("end", "outside") else 2.0) for (a, b), n in flows.items()
        ],
        contacts=contacts,
        small=small,
    )


def _draw(j: Journey) -> chart.Sankey:
    contact = j.contact_rows()[0] if j.contacts is not None else None
    return chart.sankey(
        j.rows(), j.flow_rows(), fewer=FEWER, title="Where they went", contact=contact
    )


BIG = {
    "referral": 8000,
    "assessment": 7400,
    "s47": 2800,
    "icpc": 800,
    "cp_plan": 700,
    "looked_after": 250,
}
BIG_FLOWS = {
    ("referral", "assessment"): 7400,
    ("referral", "end"): 600,
    ("assessment", "s47"): 2800,
    ("assessment", "looked_after"): 100,
    ("assessment", "end"): 4500,
    ("s47", "icpc"): 800,
    ("s47", "end"): 2000,
    ("icpc", "cp_plan"): 700,
    ("icpc", "end"): 100,
    ("cp_plan", "looked_after"): 150,
    ("cp_plan", "end"): 550,
}


def test_a_hidden_count_cannot_shape_the_chart():
    """Two journeys that differ only in counts the page hides draw the very same chart."""

    def drawn(to_plan: int, plan_ended: int) -> chart.Sankey:
        counts = {**BIG, "icpc": 4, "cp_plan": to_plan, "looked_after": 101}
        flows = {
            **BIG_FLOWS,
            ("s47", "icpc"): 4,
            ("s47", "end"): 2796,
            ("icpc", "cp_plan"): to_plan,
            ("icpc", "end"): 4 - to_plan,
            ("cp_plan", "looked_after"): 1,
            ("cp_plan", "end"): plan_ended,
        }
        return _draw(_journey(counts, flows))

    assert drawn(3, 2) == drawn(2, 1)


def test_each_step_is_as_wide_as_its_children_and_its_bands_fit_it():
    drawn = _draw(_journey(BIG, BIG_FLOWS))
    scale = chart.SPAN / BIG["referral"]
    widths = [bar.width for bar in drawn.steps]
    assert widths == pytest.approx([n * scale for n in BIG.values()])
    assert len({bar.x for bar in drawn.steps}) == 1  # left-aligned
    # one exit per step before looked after, clear of the step below it, and labelled
    for i, bar in enumerate(drawn.exits):
        below = drawn.steps[i + 1]
        assert bar.x >= below.x + below.width + chart.GAP
        assert below.y > bar.y + bar.height > drawn.steps[i].y + chart.BAR
    assert [b.width for b in drawn.exits] == pytest.approx(
        [n * scale for (a, b), n in BIG_FLOWS.items() if b == "end"]
    )
    exits = [label.text for label in drawn.labels if label.text.startswith("No further step")]
    assert exits == [
        "No further step: 600",
        "No further step: 4,500",
        "No further step: 2,000",
        "No further step: 100",
        "No further step: 550",
    ]
    kinds = [band.kind for band in drawn.bands]
    assert kinds.count("skip") == 1
    assert kinds.count("exit") == 5
    assert kinds.count("onward") == 5


def test_the_skip_runs_down_the_lane_left_of_the_steps():
    drawn = _draw(_journey(BIG, BIG_FLOWS))
    (skip,) = [band for band in drawn.bands if band.kind == "skip"]
    xs = [float(x) for x in re.findall(r"[MCL ]?(-?\d+(?:\.\d+)?) -?\d+(?:\.\d+)?", skip.d)]
    assert min(xs) < drawn.steps[0].x  # it leaves the column of steps
    assert skip.title == "Assessment to looked after: 100 children"


def test_a_hidden_flow_is_drawn_thin_and_labelled_not_shown():
    flows = {**BIG_FLOWS, ("icpc", "end"): 3, ("icpc", "cp_plan"): 797, ("cp_plan", "end"): 647}
    j = _journey({**BIG, "cp_plan": 797}, flows)
    drawn = _draw(j)
    assert "No further step: not shown" in [label.text for label in drawn.labels]
    # the 3, and the 797 beside it (or it would be 800 - 797): each exit of a hidden flow is thin
    hidden = [r["hidden"] for r in j.flow_rows() if r["target"] == "end"]
    thin = [b.width == chart.MIN_WIDTH for b in drawn.exits]
    assert thin == hidden
    assert hidden[3]  # the conference's exit
    assert "Initial child protection conference to no further step: not shown" in [
        b.title for b in drawn.bands
    ]


def test_the_description_says_where_the_children_of_each_step_went():
    drawn = _draw(_journey(BIG, BIG_FLOWS))
    assert drawn.desc.startswith(
        "Referral: 8,000 children, then assessment 7,400, no further step 600. "
        "Assessment: 7,400 children, then section 47 enquiry 2,800, looked after 100, no further "
        "step 4,500."
    )
    assert drawn.desc.endswith("Looked after: 250 children, where the journey ends.")


def test_with_the_referrals_hidden_everything_is_drawn_at_the_least_width():
    drawn = _draw(_journey({"referral": 4, "assessment": 3}, {("referral", "assessment"): 3,
                                                               ("referral", "end"): 1}))  # fmt: skip
    assert {bar.width for bar in drawn.steps} == {chart.MIN_WIDTH * 2, chart.MIN_WIDTH}
    assert "4" not in " ".join(label.text for label in drawn.labels)


def _box(label: chart.Label) -> tuple[float, float, float, float]:
    """A label's extent (left, top, right, bottom), as wide as the layout reckons text to be."""
    width = len(label.text) * chart.CHARACTER
    left = label.x - width if label.anchor == "end" else label.x
    return (left, label.y - 13, left + width, label.y + 4)


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


#: Most children contacted are not referred, and a quarter of the referrals had no contact.
CONTACTED = (
    BIG,
    {
        ("contact", "referral"): 6000,
        ("contact", "end"): 9000,
        ("no_contact", "referral"): 2000,
        **BIG_FLOWS,
    },
)

#: As above, with some referred after a contact outside this journey: a second exit from it.
OUTSIDE = (
    BIG,
    {
        ("contact", "referral"): 6000,
        ("contact", "outside"): 700,
        ("contact", "end"): 9000,
        ("no_contact", "referral"): 2000,
        **BIG_FLOWS,
    },
)

SPARSE = (
    {"referral": 51, "assessment": 51, "s47": 21, "icpc": 6, "cp_plan": 3, "looked_after": 2},
    {
        ("referral", "assessment"): 51,
        ("assessment", "s47"): 21,
        ("assessment", "looked_after"): 1,
        ("assessment", "end"): 29,
        ("s47", "icpc"): 6,
        ("s47", "end"): 15,
        ("icpc", "cp_plan"): 3,
        ("icpc", "end"): 3,
        ("cp_plan", "looked_after"): 1,
        ("cp_plan", "end"): 2,
    },
)


@pytest.mark.parametrize(
    "made",
    [(BIG, BIG_FLOWS), SPARSE, CONTACTED, OUTSIDE],
    ids=["big", "sparse", "contacted", "outside"],
)
def test_no_label_overlaps_a_bar_or_another_label_and_all_fit_the_view(made):
    drawn = _draw(_journey(*made))
    bars = [(r.x, r.y, r.x + r.width, r.y + r.height) for r in drawn.steps + drawn.exits]
    boxes = [_box(label) for label in drawn.labels]
    for i, box in enumerate(boxes):
        assert not [bar for bar in bars if _overlap(box, bar)], drawn.labels[i]
        assert not [other for other in boxes[i + 1 :] if _overlap(box, other)], drawn.labels[i]
        left, top, right, bottom = box
        assert (left >= 0, top >= 0, right <= drawn.width, bottom <= drawn.height) == (True,) * 4


def test_the_contact_is_a_row_above_the_referral_as_wide_as_its_children():
    drawn = _draw(_journey(*CONTACTED))
    contact, referral = drawn.steps[:2]
    assert contact.y < referral.y
    assert contact.x == referral.x
    # 15,000 contacted is the largest row: it is the whole span, and the referrals in proportion
    assert contact.width == pytest.approx(chart.SPAN)
    assert referral.width == pytest.approx(chart.SPAN * 8000 / 15000)
    labels = [label.text for label in drawn.labels]
    assert labels[labels.index("Contact") + 1] == "15,000 children"
    assert "No further step: 9,000" in labels
    assert "Contact to no further step: 9,000 children" in [b.title for b in drawn.bands]


def test_the_children_with_no_contact_come_from_the_left_into_the_left_of_the_referral():
    drawn = _draw(_journey(*CONTACTED))
    contact, referral = drawn.steps[:2]
    (source,) = drawn.entries
    assert source.x + source.width < referral.x  # left of the column of steps
    assert contact.y + contact.height < source.y < source.y + source.height < referral.y
    assert source.width == pytest.approx(chart.SPAN * 2000 / 15000)
    (band,) = [b for b in drawn.bands if b.kind == "entry"]
    assert band.title == "No contact recorded before the referral to referral: 2,000 children"
    # the band ends on the referral's bar, from its left end, as wide as the source
    ends_at = re.findall(r"C[^C]*? (-?[\d.]+) (-?[\d.]+)L(-?[\d.]+) ", band.d)[0]
    assert float(ends_at[1]) == pytest.approx(referral.y, abs=0.1)
    assert float(ends_at[0]) == pytest.approx(referral.x, abs=0.1)
    assert float(ends_at[2]) == pytest.approx(referral.x + source.width, abs=0.1)
    # its label, in regular type, is in the margin beside it
    named = [label for label in drawn.labels if label.text == "No contact recorded"]
    assert len(named) == 1
    assert not named[0].bold
    assert source.y - chart.LINE < named[0].y < source.y + source.height + chart.LINE


def test_a_hidden_count_of_the_contact_step_cannot_shape_the_chart():
    def drawn(referred: int, ended: int, without: int) -> chart.Sankey:
        flows = {
            ("contact", "referral"): referred,
            ("contact", "end"): ended,
            ("no_contact", "referral"): without,
            **BIG_FLOWS,
        }
        return _draw(_journey(BIG, flows))

    assert drawn(2, 3, 5) == drawn(1, 1, 1)
    labels = [label.text for label in drawn(2, 3, 5).labels]
    assert labels[labels.index("Contact") + 1] == "not shown"
    assert labels[labels.index("before the referral") + 1] == "not shown"
    assert "No further step: not shown" in labels


def test_the_description_says_where_the_contacted_went_and_who_came_in_without_one():
    drawn = _draw(_journey(*CONTACTED))
    assert drawn.desc.startswith(
        "Contact: 15,000 children, then referral 6,000, no further step 9,000. "
        "No contact recorded before the referral: 2,000 children, into referral. "
        "Referral: 8,000 children, then assessment 7,400, no further step 600."
    )


def test_the_referrals_outside_the_journey_leave_the_contact_left_of_its_no_further_step():
    drawn = _draw(_journey(*OUTSIDE))
    outside, ended = drawn.exits[:2]
    assert outside.y == ended.y  # on one line, halfway down to the referral
    labels = [label.text for label in drawn.labels]
    assert "Referral outside this journey: 700" in labels
    assert "No further step: 9,000" in labels
    said = _box(next(label for label in drawn.labels if label.text.startswith("Referral outside")))
    assert outside.x + outside.width < said[0] < said[2] < ended.x  # its label between the two
    assert drawn.desc.startswith(
        "Contact: 15,700 children, then referral 6,000, referral outside this journey 700, no "
        "further step 9,000."
    )
