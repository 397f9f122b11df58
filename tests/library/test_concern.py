"""The concern check is a prompt: it should catch a worry about one child and let reports be."""

from __future__ import annotations

import pytest

from scrutineer.core.concern import looks_like_concern

POLICE_TRENDS_SUMMARY = (
    "Police report on child exploitation trends, April 2024 to March 2025. Recorded crimes with "
    "a child criminal exploitation flag rose from 212 to 251, most involving children aged 14 to "
    "17. Disclosures of exploitation increased after training in schools, and concerns were "
    "raised about children going missing from care. Northbridge District Police recommend urgent "
    "work with the partnership on the county lines response, and more support for children at "
    "risk from exploitation."
)

CONCERNS = [
    "I am worried about Jayden, he has bruises on his arms",
    "Amy has disclosed that her stepdad hits her",
    "The boy next door is being hit by his father",
    "She told me that she is not safe at home",
    "URGENT - Child B is scared to go home tonight",
    "Kai (aged 6) has bruising again",
    "I'm really concerned about my neighbour's daughter",
    "Jayden has bruises",
    "Mrs Patel's son keeps getting hit",
    "Leo told me that his dad locks him in",
    "Amy Jones is being groomed by an older man",
    "A pupil in my class says she is hurt at home",
    "Please help, my friend's son has run away",
    "Ellie isn't safe at home",
    "We are worried about Tyler",
    "Summary\nMia has told staff that she does not want to go home.",
]

NOT_CONCERNS = [
    POLICE_TRENDS_SUMMARY,
    "Police report on child exploitation trends, April 2024 to March 2025",
    "Annual report of the Northbridge Safeguarding Children Partnership 2024-25",
    "Minutes of the Review Advisory Group, 12 March 2025",
    "Ofsted focused visit letter: the front door",
    "Audit of the Bruising Protocol for Non-Mobile Babies",
    "Bruising in non-mobile babies: referrals from Northbridge hospitals",
    "Self-harm admissions among young people rose in Northbridge",
    "The review found that Child A had been known to services since birth",
    "An urgent review of the domestic abuse pathway is needed",
    "Northbridge Police has seen an urgent rise in referrals",
    "Quarterly data pack: children in need, child protection plans and children looked after",
    "I am concerned about the timeliness of strategy discussions",
    "Strategy for children affected by domestic abuse 2025-2028",
    "Children disclosed abuse to teachers more often after the training",
    "",
]


@pytest.mark.parametrize("text", CONCERNS)
def test_it_flags_a_worry_about_a_particular_child(text):
    assert looks_like_concern(text) is True


@pytest.mark.parametrize("text", NOT_CONCERNS)
def test_it_lets_the_partnerships_ordinary_business_through(text):
    assert looks_like_concern(text) is False


def test_it_needs_worry_and_a_person_in_the_same_sentence():
    text = "Jayden joined the youth club in March. Concerns about funding were raised, urgently."
    assert looks_like_concern(text) is False


def test_it_does_not_take_a_range_of_ages_for_one_child():
    assert looks_like_concern("Urgent: support for children aged 14 to 17") is False
    assert looks_like_concern("Urgent: a boy aged 14 at the station") is True


def test_it_reads_a_capitalised_first_word_as_a_name_only_when_it_is_the_subject():
    assert looks_like_concern("Northbridge bruising protocol audit") is False
    assert looks_like_concern("Kai has bruising again") is True
