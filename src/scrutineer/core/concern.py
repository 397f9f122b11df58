"""Does this free text look like a live concern about a particular child?

Scrutineer never takes a concern about a child (``docs/product.md``, "What it is not"). People
are used to typing a worry into whatever box is in front of them, so free-text forms ask this
question before they save: if the answer is yes, the form stops, says where a concern goes (the
local authority's front door; 999 in an emergency) and lets the writer go on only once they
confirm that the text is not a concern about a particular child.

This is a prompt, not a filter. It never blocks anything for good, stores nothing and tells
nobody; it will miss some concerns and flag some harmless text, and both are acceptable: a miss
is no worse than having no check, and a false alarm costs one tick in a box. It is tuned so
that the partnership's ordinary business (summaries of agencies' reports on trends in abuse,
exploitation and neglect, inspection letters, minutes) does not trip it, by asking for two
things in the same sentence:

1. words of present worry, disclosure or harm ("I am worried about", "has disclosed", "is being
   hit", "told me that", "is not safe at home" ...), and
2. a particular person: he, she, him or her; one child ("this girl", "my son", "Child B",
   "aged 7"); or a word that looks like a name.

Words that reports use about trends as well as about one child ("bruising", "self-harm",
"urgent") count only with a pronoun, one child, or a name that is the subject of a verb
("Jayden has bruises"), never with any capitalised word, which is as likely to be a place.
Reports speak of children in the plural and in the past ("disclosures rose", "children who had
been exploited"), so they rarely meet both conditions at once.
"""

from __future__ import annotations

import re

# Present worry, disclosure or harm. In the present or perfect tense on purpose: "had
# disclosed", in a case review's account of the past, is not a live concern.
STRONG = re.compile(
    r"""
    \b(?:
        (?:i\ am|i'm|im|we\ are|we're|i\ feel|i've\ been|we've\ been)\s+
            (?:really\ |very\ |so\ |quite\ |a\ bit\ |a\ little\ )?
            (?:worried|concerned|scared|frightened|anxious)\s+(?:about|for)
      | (?:has|have)\ (?:just\ )?(?:disclosed|told\ (?:me|us|staff|a\ teacher|her\ teacher|his\ teacher))
      | (?:told|tells)\ (?:me|us)\ that
      | (?:said|says)\ (?:that\ )?(?:he|she|they)\ (?:is|was|are|were|gets|got)\ (?:hit|hurt|touched|beaten)
      | (?:is|are|keeps|keep)\ (?:being|getting)\ (?:hit|hurt|beaten|abused|touched|groomed|
            exploited|kicked|punched|slapped|smacked|burned|burnt|strangled|locked\ in|starved)
      | (?:is|are|isn't|aren't|feels?|doesn't\ feel|does\ not\ feel)\ (?:not\ )?
            safe\ (?:at\ home|with|around|there)
      | (?:not|un)safe\ at\ home
      | (?:scared|afraid|frightened)\ (?:to\ go|of\ going)\ home
      | (?:does\ not|doesn't|won't|will\ not)\ (?:want\ to\ )?go\ home
      | (?:hits|hit|beats|kicks|punches|slaps|burns|touches|touched)\ (?:him|her|them|me)\b
      | (?:is|are)\ (?:missing|at\ risk)\ (?:now|tonight|today|again)
      | (?:is|are)\ in\ danger
      | please\ help
      | wants?\ to\ (?:die|kill\ (?:himself|herself|themselves))
    )\b
    """,
    re.IGNORECASE | re.VERBOSE,
)

# Words about one child in a concern, and about many in a report.
WEAK = re.compile(
    r"\b(?:urgent|urgently|emergency|right\ now|tonight|asap|bruis(?:e|es|ed|ing)|"
    r"self[-\ ]harm(?:s|ing|ed)?|cuts\ (?:herself|himself)|marks\ on)\b",
    re.IGNORECASE | re.VERBOSE,
)

PRONOUN = re.compile(r"\b(?:he|she|him|her|his|hers|himself|herself)\b", re.IGNORECASE)

ONE_CHILD = re.compile(
    r"""
    \b(?:the|this|that|my|our|your|his|her|their|neighbour's|friend's)\s+
        (?:little\ |young\ |older\ |younger\ |eldest\ |youngest\ |new\ )?
        (?:child|boy|girl|baby|son|daughter|toddler|teenager|teen|kid|infant|pupil|
           young\ person|stepson|stepdaughter|grandson|granddaughter|niece|nephew)\b
    | (?<!children\ )(?<!people\ )\baged?\ \d{1,2}\b(?!\s*(?:to|and|or|[-+\u2013])\s*\d)
    | \b\d{1,2}[-\ ](?:year|yr)s?[-\ ]old\b
    """,
    re.IGNORECASE | re.VERBOSE,
)
# The way reviews and schools refer to one child without a name: "Child B". Case matters.
CHILD_LETTER = re.compile(r"\b[Cc]hild [A-Z]\b")

TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Master)\.?\s+[A-Z][a-z]+")
CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\b")
NAME_AS_SUBJECT = re.compile(
    r"\b([A-Z][a-z]+)(?:\s+([A-Z][a-z]+))?(?:'s)?\s+"
    r"(?:is|has|was|keeps|told|tells|said|says|came|comes|got|gets|won't|can't|doesn't|isn't|"
    r"hasn't|wasn't)\b"
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")

# Capitalised words that are not people: sentence openers, the partnership's own vocabulary,
# days and months.
NOT_NAMES = frozenset(
    """
    I A An The This That These Those It Its We Our You Your They Their There Here He She Him
    Her His My Me Us Is Are Was Were Has Have Had Do Does Did Can Could Will Would Should And
    But Or If When Where Why How What Who Which While Because Since After Before During Following
    Today Tonight Yesterday Tomorrow Please Urgent Urgently Also Not No Yes All Some Most Many
    More Less Further Overall Reports Report Summary Data Minutes Strategy Plan Letter Review
    Reviews Audit Audits Briefing Inspection Annual Quarterly Monthly Update Draft Final Police
    Constabulary Council Councils Trust Hospital Hospitals Health Care Social Services Service
    Team Teams Unit Board Partnership Partnerships Safeguarding Children Child Families Family
    Young People Adolescents Adolescent Education School Schools Academy College Nursery Court
    Courts Ofsted Cafcass Probation Youth Justice Office Department Government Panel National
    Local Practice Rapid Serious Incident Domestic Abuse Exploitation Criminal Sexual Neglect
    Missing Early Help Front Door Duty Advice Emergency Contact England Wales Britain
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Christmas Easter Term
    """.split()  # noqa: SIM905 - a word list reads better as words
)

# Sentences end at a full stop, a question or exclamation mark, or a new line.
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n+")


def looks_like_concern(text: str) -> bool:
    """True when one sentence of ``text`` pairs present worry or harm with a particular person."""
    return any(_is_concern(sentence) for sentence in SENTENCE_BREAK.split(text or ""))


def _is_concern(sentence: str) -> bool:
    strong = STRONG.search(sentence)
    if strong is None and not WEAK.search(sentence):
        return False
    if PRONOUN.search(sentence) or ONE_CHILD.search(sentence) or CHILD_LETTER.search(sentence):
        return True
    if _has_subject_name(sentence):
        return True
    return strong is not None and _has_name(sentence, strong)


def _not_a_name(word: str | None) -> bool:
    return word is not None and word.removesuffix("'s") in NOT_NAMES


def _has_subject_name(sentence: str) -> bool:
    """A name doing something: 'Jayden has ...', 'Amy Jones told ...', 'Kai's mum is ...'."""
    return any(
        not _not_a_name(match.group(1)) and not _not_a_name(match.group(2))
        for match in NAME_AS_SUBJECT.finditer(sentence)
    )


def _has_name(sentence: str, phrase: re.Match[str]) -> bool:
    """A word that looks like a person's name, outside the worry phrase itself.

    A heading in Title Case ("Audit Of The Bruising Protocol") has no names: when most words
    after the first are capitalised, the capitals are style, not names.
    """
    if TITLED_NAME.search(sentence):
        return True
    words = WORD.findall(sentence)[1:]
    if len(words) >= 2 and 2 * sum(word[0].isupper() for word in words) > len(words):
        return False
    for match in CAPITALISED.finditer(sentence):
        if phrase.start() <= match.start() < phrase.end() or _not_a_name(match.group()):
            continue
        if match.start() == 0 or not sentence[: match.start()].strip():
            # The first word of a sentence is capitalised anyway; it counts only as a subject.
            continue
        return True
    return False
