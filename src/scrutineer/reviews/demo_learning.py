"""Demo learning: findings on the reviews that have reached their learning, two published
learnings, and one released 7-minute briefing.

Runs after the reviews (``demo.load_reviews``) and matches findings on their review and text, so
running it twice changes nothing. The practice themes come from the data migration; a theme
missing (renamed by the business unit) is created again for the demo.
"""

from __future__ import annotations

import datetime as dt

from scrutineer.core.demo import DemoReport, demo_step
from scrutineer.partnership.models import Agency, Priority, User

from . import workdays
from .learning import Briefing, BriefingStatus, Finding, FindingKind, PracticeTheme
from .models import Review
from .services import briefing_create

L, G = FindingKind.SHORTFALL, FindingKind.GOOD_PRACTICE
DOMESTIC_ABUSE = "Children affected by domestic abuse"
FAMILY_HELP = "Safeguarding through family help"
ADOLESCENTS = "Safeguarding adolescents"

# review: [(kind, text, themes, priorities, agencies by short name)]
FINDINGS: dict[str, list[tuple[str, str, list[str], list[str], list[str]]]] = {
    "Baby F": [
        (
            L,
            "Safe sleep advice was given at birth but did not name alcohol; the parents did not "
            "link their drinking to the risk of co-sleeping.",
            ["Safe sleep and sudden unexpected death in infancy", "Parental substance misuse"],
            [FAMILY_HELP],
            ["Community health", "Hospitals"],
        ),
        (
            L,
            "No one asked where the baby slept at the early help visits after the birth.",
            ["Professional curiosity", "Early help and family help"],
            [FAMILY_HELP],
            ["Children and Families"],
        ),
        (
            G,
            "The health visitor saw the family within 10 days of birth and recorded the "
            "father's views as well as the mother's.",
            ['Fathers and "hidden men"'],
            [FAMILY_HELP],
            ["Community health"],
        ),
    ],
    "Child H": [
        (
            L,
            "Police knew of the mother's new partner's history of domestic abuse but no "
            "agency asked about new partners.",
            ["Domestic abuse", 'Fathers and "hidden men"', "Information sharing"],
            [DOMESTIC_ABUSE],
            ["Police"],
        ),
    ],
    "Child K": [
        (
            L,
            "The child's own account of life at home was not recorded at any child protection "
            "conference.",
            ["Voice and lived experience of the child", "Domestic abuse"],
            [DOMESTIC_ABUSE],
            ["Children and Families", "Education"],
        ),
        (
            L,
            "Missed school days were counted but not seen as a sign of harm.",
            ["Children missing or not in school", "Neglect and cumulative harm"],
            [FAMILY_HELP],
            ["Education"],
        ),
    ],
    "Child L": [
        (
            L,
            "A professional saw bruising on a 3-month-old baby and did not refer it; the "
            "bruising protocol for non-mobile babies was not followed.",
            ["Non-accidental injury and bruising in non-mobile infants", "Escalation"],
            [FAMILY_HELP],
            ["Community health"],
        ),
        (
            L,
            "A domestic abuse incident at the household was not shared with the health visitor.",
            ["Information sharing", "Domestic abuse"],
            [DOMESTIC_ABUSE],
            ["Police"],
        ),
        (
            G,
            "The emergency department's safeguarding team referred the head injury on the day "
            "and the strategy discussion was held within hours.",
            ["Information sharing"],
            [FAMILY_HELP],
            ["Hospitals"],
        ),
    ],
    "Siblings M": [
        (
            L,
            "Neglect was assessed episode by episode; no one looked at the whole history.",
            ["Neglect and cumulative harm", "Critical thinking and challenge"],
            [FAMILY_HELP],
            ["Children and Families"],
        ),
        (
            L,
            "The children's hunger at school was reported as single incidents, not as a pattern.",
            ["Children missing or not in school", "Voice and lived experience of the child"],
            [FAMILY_HELP],
            ["Education"],
        ),
    ],
    "Child J": [
        (
            L,
            "A care leaver with autism waited months for a mental health assessment with no "
            "one checking on him.",
            ["Self-harm and suicide", "Disabled children"],
            [ADOLESCENTS],
            ["Mental health", "Children and Families"],
        ),
    ],
}

# Reviews whose learning is published in the demo, and the one with a released briefing.
PUBLISHED = ("Child L", "Baby F")
BRIEFED = "Child L"


@demo_step(order=31)
def load_learning(report: DemoReport) -> None:
    agencies = {a.short_name: a for a in Agency.objects.all()}
    priorities = {p.title: p for p in Priority.objects.all()}
    made = 0
    for name, findings in FINDINGS.items():
        review = Review.objects.filter(name=name).first()
        if review is None:
            continue
        for kind, text, themes, titles, short_names in findings:
            finding, created = Finding.objects.get_or_create(
                review=review, text=text, defaults={"kind": kind}
            )
            made += created
            finding.themes.set([PracticeTheme.objects.get_or_create(name=t)[0] for t in themes])
            finding.priorities.set([priorities[t] for t in titles if t in priorities])
            finding.agencies.set([agencies[s] for s in short_names if s in agencies])
    for name in PUBLISHED:
        review = Review.objects.filter(name=name).first()
        if review is not None and review.rapid_review_submitted_on is not None:
            published = _learning_date(review)
            Review.objects.filter(pk=review.pk).update(learning_published_on=published)
    review = Review.objects.filter(name=BRIEFED).first()
    if review is not None:
        by = User.objects.filter(username="business").first() or User.objects.first()
        briefing = briefing_create(review=review, by=by)
        Briefing.objects.filter(pk=briefing.pk).update(
            status=BriefingStatus.RELEASED,
            released_on=review.learning_published_on or _learning_date(review),
        )
    report.lines.append(
        f"Learning: {Finding.objects.count()} findings ({made} new), "
        f"{Review.objects.learning_published().count()} reviews with published learning, "
        "1 released 7-minute briefing."
    )


def _learning_date(review: Review) -> dt.date:
    """The report's publication date, else 8 weeks after the rapid review (never the future)."""
    assert review.rapid_review_submitted_on is not None
    found = review.published_on or review.rapid_review_submitted_on + dt.timedelta(weeks=8)
    return min(found, workdays.today())
