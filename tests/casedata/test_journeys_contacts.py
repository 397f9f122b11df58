"""The journeys' contact step, worked through on hand-made tables.

The year is 2025 (1 April 2024 to 31 March 2025). Working days are after the first date up to
and including the second, in England's calendar (bank holidays 6 May and 26 August 2024).
Everyone is a girl born in June 2015 (aged 8 or 9 in the year), unless said otherwise.

    A  contacts 1 Aug and Fri 23 Aug, referral Tue 27 Aug   contact to referral, 1 day (26th off)
    B  contact Wed 1 May, referral Wed 8 May                 contact to referral, 4 days (6th off)
    S  contact and referral on 3 June                        contact to referral, 0 days
    Z  born Sep 2014: contact 20 Aug (aged 9), referral     contact to referral, 8 days
       2 Sep (aged 10)
    N  referral 3 June, no contact                           no contact before the referral
    L  referral 3 June, contact 1 July                       no contact before it; the contact
                                                             went no further
    P  contact 28 Mar 2024 (the year before), referral       no contact before it (in the year)
       2 Apr 2024
    C  a boy: contact 2 Sep, never referred                  contact to no further step
    Y  disabled, born Sep 2014: contact 1 Aug (aged 9),      contact to no further step
       never referred
    Q  contact 28 Mar 2024 only, F contact 2 Apr 2025 only   not in the year: not counted

With the 5 to 9 band chosen, Z's referral (aged 10) is not in the base, but Z was referred after
the contact: Z goes from the contact to a referral outside this journey, not "no further step".
"""

from __future__ import annotations

import pytest

from scrutineer.casedata.journeys import (
    FACTOR_CHOSEN,
    LEFT_OUT,
    NO_CONTACTS,
    Filters,
    journey,
)

from .journeys_tables import CAL, NEVER, D, child, connect, tables


def _ref(c, day, rid=None):
    return {"child": c, "referral_id": rid or f"R{c}", "referral_date": day}


def _contact(c, day):
    return {"child": c, "contact_date": day, "source": "1A"}


@pytest.fixture
def con():
    made = tables(
        children=[
            *(child(n) for n in "ABSNLPQF"),
            child("Z", born=D(2014, 9, 1)),
            child("C", sex="M"),
            child("Y", disabled=True, born=D(2014, 9, 1)),
        ],
        contacts=[
            _contact("A", D(2024, 8, 1)),
            _contact("A", D(2024, 8, 23)),
            _contact("B", D(2024, 5, 1)),
            _contact("S", D(2024, 6, 3)),
            _contact("Z", D(2024, 8, 20)),
            _contact("L", D(2024, 7, 1)),
            _contact("P", D(2024, 3, 28)),
            _contact("C", D(2024, 9, 2)),
            _contact("Y", D(2024, 8, 1)),
            _contact("Q", D(2024, 3, 28)),
            _contact("F", D(2025, 4, 2)),
        ],
        referrals=[
            _ref("A", D(2024, 8, 27)),
            _ref("B", D(2024, 5, 8)),
            _ref("S", D(2024, 6, 3)),
            _ref("Z", D(2024, 9, 2)),
            _ref("N", D(2024, 6, 3)),
            _ref("L", D(2024, 6, 3)),
            _ref("P", D(2024, 4, 2)),
        ],
        assessments=[
            {"child": "A", "referral_id": "RA", "assessment_id": "AA", "start_date": D(2024, 8, 28),
             "factors": ["3A"]},
        ],
    )  # fmt: skip
    with connect(made) as c:
        yield c


def _contacts(j):
    c = j.contacts
    return None if c is None else (c.referred, c.median_days, c.ended, c.without, c.outside)


def _flows(j):
    """The flows of the contact step: from the contact, and from no contact into the referral."""
    return {
        (f.source, f.target): (f.count, f.median_days)
        for f in j.flows
        if f.source in ("contact", "no_contact")
    }


def test_each_child_contacted_in_the_year_counts_once_with_the_working_days_to_the_referral(con):
    j = journey(con, Filters(), year=2025, calendar=CAL, small=NEVER)
    assert j.referrals == 7  # A B S Z N L P
    # referred after a contact: A, B, S and Z, median of 1, 4, 0 and 8 working days
    # went no further: L (contacted after the referral), C and Y; not in the year: P, Q, F
    # no contact before the referral: N, L and P
    assert _contacts(j) == (4, 2.5, 3, 3, 0)
    assert j.contacts is not None
    assert j.contacts.children == 7
    assert _flows(j) == {
        ("contact", "referral"): (4, 2.5),
        ("contact", "end"): (3, None),
        ("no_contact", "referral"): (3, None),
    }
    assert j.contacts_left_out == ""
    assert j.left_out_because == ""


def test_the_latest_contact_before_the_referral_starts_the_clock():
    """A's contact of 1 August is not the one: the clock runs from Friday 23 August."""
    made = tables(
        children=[child("A")],
        contacts=[_contact("A", D(2024, 8, 1)), _contact("A", D(2024, 8, 23))],
        referrals=[_ref("A", D(2024, 8, 27))],
    )
    with connect(made) as c:
        j = journey(c, Filters(), year=2025, calendar=CAL, small=NEVER)
    assert _contacts(j) == (1, 1.0, 0, 0, 0)  # Monday 26 August is a bank holiday


def test_the_flows_into_the_referral_add_up_to_the_referrals_and_out_of_the_contact_to_it(con):
    j = journey(con, Filters(), year=2025, calendar=CAL, small=NEVER)
    into = sum(f.count for f in j.flows if f.target == "referral")
    out_of = sum(f.count for f in j.flows if f.source == "contact")
    assert into == j.referrals
    assert j.contacts is not None
    assert out_of == j.contacts.children
    assert not [f for f in j.flows if f.source in ("contact", "no_contact") and f.skips]


def test_the_funnel_still_starts_at_the_referral(con):
    j = journey(con, Filters(), year=2025, calendar=CAL, small=NEVER)
    assert j.steps[0].key == "referral"
    assert (j.steps[1].count, j.steps[1].conversion) == (1, 14.3)  # A assessed, of 7 referred


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(sex="M"), (0, None, 1, 0, 0)),  # C
        (Filters(disability="disabled"), (0, None, 1, 0, 0)),  # Y
        # Z had turned 10 by the referral: in the band of the referral, from the contact
        (Filters(age_band="10_to_15"), (1, 8.0, 0, 0, 0)),
        # ...and in the band of their contact (aged 9), but referred after it all the same: a
        # referral outside this journey, not "not referred after a contact" (L, C and Y are)
        (Filters(age_band="5_to_9"), (3, 1.0, 3, 3, 1)),
    ],
    ids=["boys", "disabled", "10 to 15", "5 to 9"],
)
def test_the_filters_take_a_child_as_they_were_at_the_first_contact_or_the_referral(
    con, filters, expected
):
    j = journey(con, filters, year=2025, calendar=CAL, small=NEVER)
    assert _contacts(j) == expected


def test_with_a_factor_chosen_the_contact_step_is_left_out_and_the_page_says_why(con):
    j = journey(con, Filters(factor="domestic_abuse"), year=2025, calendar=CAL, small=NEVER)
    assert j.referrals == 1  # A
    assert j.contacts is None
    assert j.contacts_left_out == FACTOR_CHOSEN
    assert j.left_out_because == LEFT_OUT[FACTOR_CHOSEN]
    assert j.left_out_because.count(".") == 1  # one sentence
    assert j.contact_rows() == []
    assert {f.source for f in j.flows} <= {"referral", "assessment"}


def test_a_snapshot_with_no_contacts_starts_at_the_referral_and_says_so():
    made = tables(children=[child("N")], referrals=[_ref("N", D(2024, 6, 3))])
    with connect(made) as c:
        j = journey(c, Filters(), year=2025, calendar=CAL, small=NEVER)
    assert j.contacts is None
    assert j.contacts_left_out == NO_CONTACTS
    assert j.left_out_because == (
        "This snapshot has no contacts (they come from Annex A list 1), so the journeys start "
        "at the referral."
    )
    assert [(f.source, f.target) for f in j.flows] == [("referral", "end")]


def test_contacts_in_other_years_only_leave_the_step_shown_with_no_one_contacted():
    """The snapshot has contacts, just none in this year: every referral comes in uncontacted."""
    made = tables(
        children=[child("N")],
        contacts=[_contact("N", D(2023, 6, 1))],
        referrals=[_ref("N", D(2024, 6, 3))],
    )
    with connect(made) as c:
        j = journey(c, Filters(), year=2025, calendar=CAL, small=NEVER)
    assert _contacts(j) == (0, None, 0, 1, 0)
    assert _flows(j) == {("no_contact", "referral"): (1, None)}


def _rows(j):
    return {r["key"]: r for r in j.contact_rows()}


def test_the_contact_rows_give_shares_of_the_children_contacted(con):
    rows = _rows(journey(con, Filters(), year=2025, calendar=CAL, small=NEVER))
    assert [rows[k]["count"] for k in rows] == [7, 4, 0, 3, 3]
    assert rows["contacted"]["share"] is None  # not applicable, not hidden
    assert not rows["contacted"]["share_hidden"]
    assert (rows["referred"]["share"], rows["referred"]["median_days"]) == (57.1, 2.5)
    assert (rows["not_referred"]["share"], rows["not_referred"]["median_days"]) == (42.9, None)
    assert (rows["no_contact"]["share"], rows["no_contact"]["share_hidden"]) == (None, False)


def test_small_counts_and_what_is_worked_out_from_them_are_hidden(con):
    j = journey(con, Filters(), year=2025, calendar=CAL)  # 1 to 5 hidden
    rows = _rows(j)
    assert (rows["contacted"]["count"], rows["contacted"]["hidden"]) == (7, False)
    for key in ("referred", "not_referred", "no_contact"):
        assert (rows[key]["count"], rows[key]["hidden"]) == (None, True), key
    assert (rows["referred"]["share"], rows["referred"]["share_hidden"]) == (None, True)
    assert (rows["referred"]["median_days"], rows["referred"]["median_hidden"]) == (None, True)
    assert rows["not_referred"]["share_hidden"]
    assert not rows["no_contact"]["share_hidden"]  # there is no share to hide
    flows = {(f["source"], f["target"]): f for f in j.flow_rows()}
    onward = flows[("contact", "referral")]
    assert (onward["count"], onward["share"], onward["median_days"]) == (None, None, None)
    assert onward["share_hidden"]
    entering = flows[("no_contact", "referral")]
    assert (entering["count"], entering["hidden"], entering["share"]) == (None, True, None)


def test_the_share_of_a_flow_from_a_hidden_contact_count_is_hidden():
    made = tables(
        children=[child(f"K{n}") for n in range(8)],
        contacts=[_contact(f"K{n}", D(2024, 6, 1)) for n in range(4)],
        referrals=[_ref(f"K{n}", D(2024, 6, 3)) for n in range(8)],
    )
    with connect(made) as c:
        j = journey(c, Filters(), year=2025, calendar=CAL)
    rows = _rows(j)
    assert rows["contacted"]["hidden"]
    assert rows["referred"]["hidden"]
    assert rows["referred"]["share_hidden"]
    assert (rows["no_contact"]["count"], rows["no_contact"]["hidden"]) == (None, True)
    flows = {(f["source"], f["target"]): f for f in j.flow_rows()}
    assert flows[("contact", "referral")]["share_hidden"]
