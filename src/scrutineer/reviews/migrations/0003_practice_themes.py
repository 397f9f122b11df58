"""Load the starter practice-theme taxonomy (docs/reviews.md), so a real installation has it.

The list is data: the business unit edits it afterwards. Re-running adds only missing themes
and never overwrites a theme the business unit has changed; reversing removes only themes that
no finding uses.
"""

from django.db import migrations

STARTER_THEMES = (
    (
        "Information sharing",
        "Whether agencies shared what they knew, in time, with the right people.",
    ),
    (
        "Professional curiosity",
        "Looking beyond what is presented; asking, checking, not taking things at face value.",
    ),
    (
        "Voice and lived experience of the child",
        "Whether the child was seen, heard and understood, and their daily life known.",
    ),
    (
        "Risk assessment and changing risk",
        "Assessing risk and re-assessing it when circumstances change.",
    ),
    (
        "Critical thinking and challenge",
        "Testing assumptions and challenging decisions, including other agencies'.",
    ),
    (
        "Escalation",
        "Using the escalation (resolving professional differences) procedure when worried.",
    ),
    ("Domestic abuse", "Children living with domestic abuse, and its impact on them."),
    ("Neglect and cumulative harm", "Recognising neglect and harm that builds up over time."),
    (
        "Parental mental health",
        "The impact of a parent's or carer's mental ill health on the child.",
    ),
    (
        "Parental substance misuse",
        "The impact of a parent's or carer's alcohol or drug use on the child.",
    ),
    (
        'Fathers and "hidden men"',
        "Knowing and engaging fathers, partners and other men around the child.",
    ),
    (
        "Safe sleep and sudden unexpected death in infancy",
        "Safe sleep advice and the risks of co-sleeping, especially with alcohol or drugs.",
    ),
    (
        "Non-accidental injury and bruising in non-mobile infants",
        "Bruising or injury in a baby who cannot move independently.",
    ),
    (
        "Adolescents and extra-familial harm",
        "Criminal and sexual exploitation, serious youth violence and harm outside the home.",
    ),
    (
        "Children missing or not in school",
        "Children missing from home, care or education, and poor attendance.",
    ),
    (
        "Disabled children",
        "Seeing the child behind the disability; communicating with disabled children.",
    ),
    (
        "Race, culture and identity",
        "The impact of race, culture, faith and identity on the child and on practice.",
    ),
    ("Self-harm and suicide", "Recognising and responding to self-harm and suicidal thoughts."),
    ("Online harm", "Abuse, exploitation and harm that starts or happens online."),
    ("Early help and family help", "Help offered early, before problems grow."),
    (
        "Leadership and culture",
        "Workload, supervision, management oversight and the culture agencies work in.",
    ),
)


def load(apps, schema_editor):
    PracticeTheme = apps.get_model("reviews", "PracticeTheme")
    for order, (name, description) in enumerate(STARTER_THEMES, start=1):
        PracticeTheme.objects.get_or_create(
            name=name, defaults={"description": description, "order": order * 10}
        )


def unload(apps, schema_editor):
    PracticeTheme = apps.get_model("reviews", "PracticeTheme")
    names = [name for name, _ in STARTER_THEMES]
    PracticeTheme.objects.filter(name__in=names, findings__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0002_learning")]

    operations = [migrations.RunPython(load, unload)]
