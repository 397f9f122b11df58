"""The validation rules, one worked example each: what is reported, at which severity, and
whether the record is still used."""

from __future__ import annotations

import datetime as dt

from scrutineer.casedata.importers import rules
from scrutineer.casedata.importers.records import ChildRecords, Context, Record
from scrutineer.casedata.importers.rules_reading import (
    duplicate_child,
    invalid_value,
    unknown_code,
)

D = dt.date
REFERENCE = D(2022, 3, 31)


def weekdays_only(day: dt.date) -> bool:
    return day.weekday() < 5 and day != D(2022, 1, 3)  # 3 January 2022 was a bank holiday


CONTEXT = Context(
    REFERENCE,
    weekdays_only,
    {"referrals": {"closure_date": "CINclosureDate"}, "s47": {"icpc_date": "DateOfInitialCPC"}},
)


def alice(*records: Record) -> ChildRecords:
    child = ChildRecords("PALICE", "line 5, Child 1")
    for record in records:
        child.add(record)
    return child


MAY_4 = D(2021, 5, 4)


def referral(day=MAY_4, closed=None, reason=None, where="CINdetails 1", **values):
    return Record(
        "referrals",
        {"child": "PALICE", "referral_id": f"PALICE/R{day}", "referral_date": day,
         "closure_date": closed, "closure_reason": reason, **values},
        where,
    )  # fmt: skip


def under(parent: Record, table: str, where: str, **values) -> Record:
    ids = {"child": "PALICE", "referral_id": parent.values["referral_id"]}
    return Record(table, {**ids, **values}, where, parent)


def found(child: ChildRecords, context: Context = CONTEXT) -> list[tuple[str, str, str]]:
    return [(p.rule, p.severity, p.record) for p in rules.check(child, context)]


def test_it_drops_a_record_without_the_date_that_places_it_in_time():
    episode = referral(day=None)
    child = alice(episode)
    assert ("missing_field", "error", "CINdetails 1") in found(child)
    assert not episode.used


def test_it_warns_about_an_expected_field_and_keeps_the_record():
    episode = referral()
    context = Context(REFERENCE, weekdays_only, expected={"referrals": ("source",)})
    problems = rules.check(alice(episode), context)
    assert [(p.rule, p.severity, p.message) for p in problems] == [
        ("missing_field", "warning", "source missing")
    ]
    assert episode.used


def test_it_warns_when_an_episode_closed_without_a_reason():
    problems = rules.check(alice(referral(closed=D(2021, 9, 1))), CONTEXT)
    assert problems[0].rule == "missing_field"
    assert "closed on 1 September 2021" in problems[0].message


def test_it_drops_an_episode_that_closed_before_it_started_but_keeps_its_assessment():
    episode = referral(closed=D(2021, 4, 1), reason="RC8")
    assessment = under(episode, "assessments", "Assessments 1", start_date=D(2021, 5, 5))
    child = alice(episode, assessment)
    problems = rules.check(child, CONTEXT)
    assert [(p.rule, p.severity) for p in problems] == [("dates_out_of_order", "error")]
    assert problems[0].message == (
        "CINclosureDate 1 April 2021 is before referral date 4 May 2021: not used"
    )
    assert not episode.used
    assert assessment.used


def test_it_drops_an_assessment_authorised_before_it_started():
    episode = referral()
    assessment = under(
        episode, "assessments", "Assessments 1",
        start_date=D(2021, 6, 1), authorised_date=D(2021, 5, 20),
    )  # fmt: skip
    assert ("dates_out_of_order", "error", "Assessments 1") in found(alice(episode, assessment))
    assert not assessment.used


def test_it_drops_a_repeated_referral_and_everything_recorded_under_it():
    first, second = referral(where="CINdetails 1"), referral(where="CINdetails 2")
    second.values["referral_id"] += "-2"
    repeated = under(second, "assessments", "CINdetails 2, Assessments 1", start_date=D(2021, 5, 5))
    kept = under(first, "assessments", "CINdetails 1, Assessments 1", start_date=D(2021, 5, 5))
    problems = rules.check(alice(first, second, repeated, kept), CONTEXT)
    assert [(p.rule, p.record) for p in problems] == [("duplicate_record", "CINdetails 2")]
    assert "repeats CINdetails 1" in problems[0].message
    assert "nor the 1 records under it" in problems[0].message
    assert first.used
    assert kept.used
    assert not second.used
    assert not repeated.used


def test_it_warns_when_a_child_has_two_episodes_open_at_once():
    earlier = referral(D(2021, 5, 4), where="CINdetails 1")
    later = referral(D(2021, 8, 1), where="CINdetails 2")
    assert found(alice(earlier, later)) == [("overlapping_episodes", "warning", "CINdetails 2")]
    assert earlier.used
    assert later.used


def test_episodes_that_meet_do_not_overlap():
    earlier = referral(D(2021, 5, 4), closed=D(2021, 8, 1), reason="RC8", where="CINdetails 1")
    later = referral(D(2021, 8, 1), where="CINdetails 2")
    assert found(alice(earlier, later)) == []


def test_it_warns_about_overlapping_child_protection_plans():
    episode = referral()
    first = under(
        episode,
        "cp_plans",
        "Plan 1",
        plan_id="p1",
        start_date=D(2021, 6, 1),
        end_date=D(2021, 12, 1),
    )
    second = under(episode, "cp_plans", "Plan 2", plan_id="p2", start_date=D(2021, 11, 1))
    assert ("overlapping_plans", "warning", "Plan 2") in found(alice(episode, first, second))


def test_it_warns_about_overlapping_care_episodes_but_not_about_a_chain():
    def care(start, end, where):
        return Record(
            "cla_episodes", {"child": "PALICE", "start_date": start, "end_date": end}, where
        )

    chain = alice(care(D(2020, 1, 1), D(2020, 6, 1), "line 2"), care(D(2020, 6, 1), None, "line 3"))
    assert found(chain) == []
    overlap = alice(care(D(2020, 1, 1), None, "line 2"), care(D(2020, 6, 1), None, "line 3"))
    assert found(overlap) == [("overlapping_care_episodes", "warning", "line 3")]


def test_it_warns_about_a_conference_at_a_weekend_or_on_a_bank_holiday():
    episode = referral()
    saturday = under(
        episode,
        "s47",
        "Section47 1",
        s47_id="s1",
        start_date=D(2021, 12, 20),
        icpc_date=D(2022, 1, 1),
    )
    holiday = under(
        episode,
        "s47",
        "Section47 2",
        s47_id="s2",
        start_date=D(2021, 12, 21),
        icpc_date=D(2022, 1, 3),
    )
    tuesday = under(
        episode,
        "s47",
        "Section47 3",
        s47_id="s3",
        start_date=D(2021, 12, 22),
        icpc_date=D(2022, 1, 4),
    )
    problems = rules.check(alice(episode, saturday, holiday, tuesday), CONTEXT)
    assert [(p.rule, p.record, p.message) for p in problems] == [
        ("icpc_on_weekend", "Section47 1", "DateOfInitialCPC 1 January 2022 is a Saturday"),
        ("icpc_on_weekend", "Section47 2", "DateOfInitialCPC 3 January 2022 is a bank holiday"),
    ]
    assert saturday.used
    assert holiday.used


def test_the_weekday_still_counts_outside_the_calendars_years():
    def calendar_of_2000_to_2060(day):
        raise ValueError("outside the calendar")

    episode = referral(D(1969, 12, 1))
    enquiry = under(
        episode,
        "s47",
        "Section47 1",
        s47_id="s1",
        start_date=D(1970, 1, 1),
        icpc_date=D(1970, 1, 3),
    )
    context = Context(REFERENCE, calendar_of_2000_to_2060)
    assert [p.rule for p in rules.check(alice(episode, enquiry), context)] == ["icpc_on_weekend"]


def test_it_warns_when_factor_21_is_not_alone():
    episode = referral()
    alone = under(episode, "assessments", "Assessments 1", start_date=D(2021, 5, 5), factors=["21"])
    not_alone = under(
        episode, "assessments", "Assessments 2", start_date=D(2021, 6, 5), factors=["21", "3A"]
    )
    problems = rules.check(alice(episode, alone, not_alone), CONTEXT)
    assert [(p.rule, p.record) for p in problems] == [("factor_21_not_alone", "Assessments 2")]
    assert "(3A)" in problems[0].message
    assert not_alone.used


def test_it_warns_about_dates_after_the_reference_date():
    episode = referral(D(2022, 4, 2))
    child = alice(episode)
    child.birth_date = D(2022, 5, 1)
    problems = rules.check(child, CONTEXT)
    assert [(p.rule, p.severity) for p in problems] == [("future_date", "warning")] * 2
    assert "after the reference date 31 March 2022" in problems[1].message
    assert episode.used


def test_it_warns_about_work_recorded_before_its_referral():
    episode = referral(D(2021, 5, 4))
    early = under(episode, "s47", "Section47 1", s47_id="s1", start_date=D(2021, 5, 1))
    assert found(alice(episode, early)) == [("before_referral", "warning", "Section47 1")]


def test_it_warns_about_a_plan_that_starts_and_ends_on_one_day():
    episode = referral()
    plan = under(
        episode,
        "cp_plans",
        "Plan 1",
        plan_id="p1",
        start_date=D(2021, 6, 1),
        end_date=D(2021, 6, 1),
    )
    assert found(alice(episode, plan)) == [("plan_same_day", "warning", "Plan 1")]


def test_an_unreadable_required_date_drops_the_record_and_an_optional_one_is_emptied():
    episode = referral()
    child = alice(episode)
    required = invalid_value(
        child, episode, "referral_date", "CINreferralDate", "'x' is not a date"
    )
    optional = invalid_value(child, episode, "closure_date", "CINclosureDate", "'y' is not a date")
    assert (required.severity, optional.severity) == ("error", "warning")
    assert required.message == "CINreferralDate: 'x' is not a date: not used"
    assert episode.values["referral_date"] is None
    # already reported, so the missing-field rule does not say it again
    assert [p.rule for p in rules.check(child, CONTEXT)] == []


def test_an_unknown_code_is_a_warning_and_a_repeated_child_an_error():
    episode = referral()
    child = alice(episode)
    assert (
        unknown_code(child, episode, "source", "ReferralSource", "'Z9' is not known").severity
        == "warning"
    )
    assert episode.used
    twice = duplicate_child(child)
    assert (twice.rule, twice.severity, twice.child) == ("duplicate_child", "error", "PALICE")


def test_every_rule_has_its_rule_in_its_docstring():
    for rule in rules.RULES:
        assert "Rule" in (rule.__doc__ or ""), rule.__name__
        assert "error" in rule.__doc__ or "warning" in rule.__doc__.lower(), rule.__name__
