"""Demo data: the Northbridge Safeguarding Children Partnership, its agencies, people,
priorities and sub-groups. Synthetic throughout; names are invented.

Northbridge is a metropolitan borough about Leeds' size. So that benchmarks against England
and statistical neighbours show real published figures for a borough of that size, the demo
borrows Leeds' DfE code (383) and its 2025 statistical neighbours; everything local is made up.
"""

from __future__ import annotations

import hashlib

from django_otp.plugins.otp_totp.models import TOTPDevice

from scrutineer.core.demo import DemoReport, demo_step

from .models import Agency, Partnership, Priority, Role, Sector, SubGroup, User

DEMO_PASSWORD = "northbridge-demo"  # noqa: S105 - published on purpose; demo only
DEMO_DEVICE_NAME = "Demo authenticator"

# name, short name, sector, statutory partner, holds case-level data
AGENCIES = [
    (
        "Northbridge Safeguarding Children Partnership",
        "Partnership",
        Sector.PARTNERSHIP,
        False,
        False,
    ),
    (
        "Northbridge City Council Children and Families",
        "Children and Families",
        Sector.LOCAL_AUTHORITY,
        True,
        True,
    ),
    ("NHS Northbridge Integrated Care Board", "ICB", Sector.HEALTH, True, False),
    ("Northbridge District Police", "Police", Sector.POLICE, True, False),
    ("Northbridge Teaching Hospitals NHS Trust", "Hospitals", Sector.HEALTH, False, False),
    ("Northbridge Community Healthcare NHS Trust", "Community health", Sector.HEALTH, False, False),
    (
        "Northbridge and Dale Mental Health NHS Foundation Trust",
        "Mental health",
        Sector.HEALTH,
        False,
        False,
    ),
    ("Northbridge schools and colleges", "Education", Sector.EDUCATION, False, False),
    ("Probation Service, Northbridge delivery unit", "Probation", Sector.PROBATION, False, False),
    ("Northbridge Youth Justice Service", "Youth justice", Sector.YOUTH_JUSTICE, False, False),
    ("Cafcass", "Cafcass", Sector.OTHER, False, False),
    (
        "Northbridge Domestic Abuse Partnership",
        "Domestic abuse service",
        Sector.VOLUNTARY,
        False,
        False,
    ),
    ("Pennine Ambulance Service NHS Trust", "Ambulance", Sector.HEALTH, False, False),
    ("Northbridge Homes", "Housing", Sector.OTHER, False, False),
]

# username, first, last, role, agency short name, job title
PEOPLE = [
    ("scrutineer", "Ruth", "Okafor", Role.SCRUTINEER, "Partnership", "Independent Scrutineer"),
    (
        "business",
        "Dev",
        "Mistry",
        Role.BUSINESS_UNIT,
        "Partnership",
        "Partnership Business Manager",
    ),
    (
        "lead.council",
        "Hannah",
        "Price",
        Role.AGENCY_LEAD,
        "Children and Families",
        "Head of Safeguarding and Quality",
    ),
    (
        "lead.health",
        "Tom",
        "Adeyemi",
        Role.AGENCY_LEAD,
        "ICB",
        "Designated Nurse for Safeguarding Children",
    ),
    (
        "lead.police",
        "Claire",
        "Whitfield",
        Role.AGENCY_LEAD,
        "Police",
        "Detective Superintendent, Public Protection",
    ),
    (
        "executive",
        "Martin",
        "Lowe",
        Role.EXECUTIVE,
        "Children and Families",
        "Director of Children's Services",
    ),
    (
        "auditor",
        "Aisha",
        "Khan",
        Role.AUDITOR,
        "Community health",
        "Named Nurse, Safeguarding Children",
    ),
    ("viewer", "Gareth", "Evans", Role.VIEWER, "Education", "Education Safeguarding Lead"),
]

PRIORITIES = [
    (
        "Children affected by domestic abuse",
        "Children as victims of domestic abuse in their own right: earlier recognition, better "
        "information sharing between police, health and schools, and support that reaches them.",
    ),
    (
        "Safeguarding through family help",
        "Help for families at the earliest point, with risk recognised and responded to within "
        "family help as the reforms bring early help and child in need together.",
    ),
    (
        "Safeguarding adolescents",
        "Teenagers at risk outside the home: criminal and sexual exploitation, serious youth "
        "violence, going missing, and the move to adult services.",
    ),
]

# name, remit, chair username, meets, priority indexes
SUBGROUPS = [
    (
        "Review Advisory Group",
        "Considers serious incident notifications, runs rapid reviews and oversees local child "
        "safeguarding practice reviews and their action plans.",
        "business",
        "Every month",
        [0, 1, 2],
    ),
    (
        "Audit and Performance",
        "Owns the multi-agency data set, commissions multi-agency audits and reports what they find.",
        "lead.council",
        "Every 8 weeks",
        [0, 1],
    ),
    (
        "Learning and Development",
        "Turns learning from reviews and audits into briefings, training and practice guidance.",
        "lead.health",
        "Every quarter",
        [1],
    ),
    (
        "Adolescent Safety",
        "Exploitation, missing children and serious youth violence, with community safety partners.",
        "lead.police",
        "Every 6 weeks",
        [2],
    ),
]


def demo_totp_key(username: str) -> str:
    """A fixed TOTP key per demo user, so `scrutineer democode` and tests can make codes."""
    return hashlib.sha256(f"scrutineer-demo-totp:{username}".encode()).hexdigest()[:40]


@demo_step(order=10)
def load_partnership(report: DemoReport) -> None:
    Partnership.objects.update_or_create(
        pk=Partnership.SINGLETON_ID,
        defaults={
            "name": "Northbridge Safeguarding Children Partnership",
            "local_authority": "Northbridge City Council",
            "la_code": "383",
            "gss_code": "E08000035",
            "region": "Yorkshire and The Humber",
            "statistical_neighbours": [
                "851",
                "882",
                "373",
                "826",
                "382",
                "355",
                "801",
                "852",
                "306",
                "839",
            ],
            "front_door_name": "the Duty and Advice Team",
            "front_door_phone": "0113 496 0123",
            "front_door_hours": "Monday to Friday, 9am to 5pm",
            "front_door_out_of_hours": "the Emergency Duty Team on 0113 496 0456",
            "business_unit_email": "nscp.business@northbridge.example",
        },
    )
    agencies = {}
    for name, short, sector, statutory, case_data in AGENCIES:
        agency, _ = Agency.objects.update_or_create(
            name=name,
            defaults={
                "short_name": short,
                "sector": sector,
                "statutory_partner": statutory,
                "holds_case_data": case_data,
                "active": True,
            },
        )
        agencies[short] = agency
    priorities = []
    for order, (title, summary) in enumerate(PRIORITIES, start=1):
        priority, _ = Priority.objects.update_or_create(
            title=title, defaults={"summary": summary, "order": order, "active": True}
        )
        priorities.append(priority)
    users = {}
    for username, first, last, role, agency_short, job in PEOPLE:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "agency": agencies[agency_short],
                "job_title": job,
                "email": f"{username}@northbridge.example",
                "is_active": True,
            },
        )
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        TOTPDevice.objects.update_or_create(
            user=user,
            name=DEMO_DEVICE_NAME,
            defaults={"key": demo_totp_key(username), "confirmed": True},
        )
        users[username] = user
        report.logins.append((username, Role(role).label, agencies[agency_short].label))
    for name, remit, chair, meets, indexes in SUBGROUPS:
        subgroup, _ = SubGroup.objects.update_or_create(
            name=name,
            defaults={"remit": remit, "chair": users[chair], "meets": meets, "active": True},
        )
        subgroup.priorities.set([priorities[i] for i in indexes])
    report.password = DEMO_PASSWORD
