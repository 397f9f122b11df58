"""Who gets which page: every named page of Scrutineer, for every role, in one table.

The table below states the status a GET gets, page by page and role by role, and a test checks
each cell through the Django test client. Another test walks the URL resolver, so a page added
without a row here fails with "add <url name> to the permission matrix", and a row whose page
has gone fails too: the table cannot drift from the site.

What a cell means:
- 200, 403, 404 (a record the person may not see is "not found", so its existence does not
  leak), 405 (a POST-only action opened with GET), 409 (the page refuses because of the
  record's state: a shared document cannot be withdrawn);
- ``SIGN_IN``: a redirect to the sign-in page, with the page to come back to;
- ``HOME``: a redirect to the start page (the sign-in page, to someone already signed in).

Each role is a fresh person who has passed two-factor authentication. The agency lead leads for
the police and is on the team of one review (whose briefing is a draft); another review's
learning is published, with its briefing released. The police own the action and the unshared
draft document.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from scrutineer.actions.models import Action
from scrutineer.actions.services import recommendation_create
from scrutineer.library.models import Document
from scrutineer.partnership.models import Priority, Role, Sector, SubGroup
from scrutineer.reviews.learning import Finding, PracticeTheme
from scrutineer.reviews.models import InformationRequest, ParallelProcess, RapidReviewMeeting
from scrutineer.reviews.services import briefing_create, briefing_set_status

from .factories import make_agency, make_partnership, make_user, sign_in
from .matrix_parts import parts
from .reviews.factories import make_review

SIGN_IN = "sign-in"
HOME = "home"

ROLES = (
    "anonymous",
    "scrutineer",
    "business unit",
    "agency lead",
    "executive",
    "auditor",
    "viewer",
)

# fmt: off
# url name                           object               anon     scrut BU    lead  exec  audit view
MATRIX: list[tuple[str, str | None, tuple[int | str, ...]]] = [
    # The page shell: public pages, sign-in, two-factor.
    ("home",                         None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("accessibility",                None,               (200,     200,  200,  200,  200,  200,  200)),
    ("login",                        None,               (200,     HOME, HOME, HOME, HOME, HOME, HOME)),
    ("logout",                       None,               (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("two_factor",                   None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("locked_out",                   None,               (403,     403,  403,  403,  403,  403,  403)),
    # The business unit's calendar and access log.
    ("calendar",                     None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("calendar_closure_remove",      None,               (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("calendar_override_remove",     None,               (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("access_log",                   None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("access_log_csv",               None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    # Managing the partnership: the business unit only.
    ("partnership:index",            None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:details",          None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:agencies",         None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:agency_add",       None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:agency",           "agency",           (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:people",           None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:person_add",       None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:person",           "person",           (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:person_reset_2fa", "person",           (SIGN_IN, 403,  405,  403,  403,  403,  403)),
    ("partnership:person_unlock",    "person",           (SIGN_IN, 403,  405,  403,  403,  403,  403)),
    ("partnership:priorities",       None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:priority_add",     None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:priority",         "priority",         (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:subgroups",        None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:subgroup_add",     None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("partnership:subgroup",         "subgroup",         (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    # The evidence library: shared documents for everyone, a draft for its own agency only.
    ("library:index",                None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("library:upload",               None,               (SIGN_IN, 200,  200,  200,  403,  403,  403)),
    ("library:document",             "shared document",  (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("library:document",             "police draft",     (SIGN_IN, 404,  404,  200,  404,  404,  404)),
    ("library:download",             "shared document",  (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("library:download",             "police draft",     (SIGN_IN, 404,  404,  200,  404,  404,  404)),
    ("library:share",                "police draft",     (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("library:withdraw",             "shared document",  (SIGN_IN, 403,  409,  403,  403,  403,  403)),
    ("library:withdraw",             "police draft",     (SIGN_IN, 404,  404,  200,  404,  404,  404)),
    # Activities not built yet: a page that says what is coming, for everyone signed in.
    ("audits:index",                 None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("voice:index",                  None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("plan:index",                   None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("reports:index",                None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    # Case reviews: the register lists what each may see; a review is for its team, the
    # scrutineer (who reads but does not edit) and the business unit; counts for the Executive.
    ("reviews:index",                None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("reviews:new",                  None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("reviews:compliance",           None,               (SIGN_IN, 200,  200,  403,  200,  403,  403)),
    ("reviews:rules",                None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("reviews:review",               "review",           (SIGN_IN, 200,  200,  200,  404,  404,  404)),
    ("reviews:stage",                "incident stage",   (SIGN_IN, 403,  200,  200,  404,  404,  404)),
    ("reviews:stage",                "team stage",       (SIGN_IN, 403,  200,  403,  404,  404,  404)),
    ("reviews:meeting_add",          "review",           (SIGN_IN, 403,  200,  200,  404,  404,  404)),
    ("reviews:meeting_remove",       "meeting",          (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("reviews:recommendation_add",   "review",           (SIGN_IN, 403,  200,  200,  404,  404,  404)),
    ("reviews:information_request_add", "review",        (SIGN_IN, 403,  200,  200,  404,  404,  404)),
    ("reviews:information_request",  "information request", (SIGN_IN, 403, 200, 200,  404,  404,  404)),
    ("reviews:information_request_remove", "information request", (SIGN_IN, 405, 405, 405, 405, 405, 405)),
    ("reviews:parallel_process_add", "review",           (SIGN_IN, 403,  200,  200,  404,  404,  404)),
    ("reviews:parallel_process",     "parallel process", (SIGN_IN, 403,  200,  200,  404,  404,  404)),
    ("reviews:parallel_process_remove", "parallel process", (SIGN_IN, 405, 405, 405, 405, 405, 405)),
    # The learning from reviews: published learning (the Learning page, a released briefing)
    # is for everyone; the rest follows the review; practice themes are the business unit's.
    ("reviews:learning",             None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("reviews:themes_across",        None,               (SIGN_IN, 200,  200,  403,  200,  403,  403)),
    ("reviews:themes",               None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("reviews:theme_add",            None,               (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("reviews:theme",                "theme",            (SIGN_IN, 403,  200,  403,  403,  403,  403)),
    ("reviews:theme_delete",         "theme",            (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("reviews:review_learning",      "review",           (SIGN_IN, 200,  200,  200,  404,  404,  404)),
    ("reviews:learning_publish",     "review",           (SIGN_IN, 403,  200,  200,  404,  404,  404)),
    ("reviews:finding_add",          "review",           (SIGN_IN, 403,  200,  200,  404,  404,  404)),
    ("reviews:finding",              "finding",          (SIGN_IN, 403,  200,  200,  404,  404,  404)),
    ("reviews:finding_delete",       "finding",          (SIGN_IN, 405,  405,  405,  405,  405,  405)),
    ("reviews:briefing",             "review",           (SIGN_IN, 200,  200,  200,  404,  404,  404)),
    ("reviews:briefing_edit",        "review",           (SIGN_IN, 403,  200,  200,  404,  404,  404)),
    ("reviews:briefing_download",    "draft briefing",   (SIGN_IN, 200,  200,  200,  404,  404,  404)),
    ("reviews:briefing_download",    "released briefing",(SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("reviews:rapid_review_report",  "review",           (SIGN_IN, 200,  200,  200,  404,  404,  404)),
    # Recommendations and actions: everyone reads; the scrutineer and the business unit add;
    # the owning agency's leads record progress.
    ("actions:index",                None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("actions:export",               None,               (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("actions:recommendation_add",   None,               (SIGN_IN, 200,  200,  403,  403,  403,  403)),
    ("actions:recommendation",       "recommendation",   (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("actions:action_add",           "recommendation",   (SIGN_IN, 200,  200,  403,  403,  403,  403)),
    ("actions:action",               "action",           (SIGN_IN, 200,  200,  200,  200,  200,  200)),
    ("actions:action_edit",          "action",           (SIGN_IN, 200,  200,  200,  403,  403,  403)),
]
# fmt: on
PARTS = parts()
for _part in PARTS:
    MATRIX += _part.MATRIX

# Pages a person who has signed in with a password but not yet entered a security code may
# reach. Every other page sends them to the two-factor page first.
BEFORE_TWO_FACTOR: dict[str, int | str] = {
    "two_factor": 200,
    "accessibility": 200,
    "locked_out": 403,
    "logout": 405,  # signing out is a POST; a GET is refused rather than sent to two-factor
    "login": HOME,  # a signed-in person is sent on to the start page, which asks for the code
}
for _part in PARTS:
    BEFORE_TWO_FACTOR.update(getattr(_part, "BEFORE_TWO_FACTOR", {}))


def all_url_names(
    patterns: list[URLPattern | URLResolver] | None = None, namespace: str = ""
) -> set[str]:
    """Every named URL of the project as ``namespace:name``, walking every ``include``."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    names: set[str] = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= all_url_names(pattern.url_patterns, inner)
        elif pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_of_the_site_has_a_row_in_the_matrix():
    in_matrix = {name for name, _, _ in MATRIX}
    site = all_url_names()
    problems = [f"add {name} to the permission matrix" for name in sorted(site - in_matrix)]
    problems += [
        f"{name} is in the permission matrix but the site has no such page: remove its row "
        "or correct its name"
        for name in sorted(in_matrix - site)
    ]
    assert not problems, "\n".join(problems)


def test_every_row_of_the_matrix_is_stated_once_for_every_role():
    keys = [(name, obj) for name, obj, _ in MATRIX]
    assert len(keys) == len(set(keys)), "a page and object are stated twice"
    for name, obj, expected in MATRIX:
        assert len(expected) == len(ROLES), f"{name} ({obj}) needs one cell for each of {ROLES}"


def test_the_url_walk_finds_names_inside_includes_and_namespaces():
    site = all_url_names()
    assert {"home", "calendar", "partnership:person", "library:download"} <= site
    assert "person" not in site  # names inside a namespaced include carry the namespace


# --- The people and the records the pages are about -------------------------------------------


@pytest.fixture
def world(db) -> dict[str, Any]:
    """A signed-in client for each role, and one record of each kind a page is about."""
    make_partnership()
    police = make_agency("Testshire Police", sector=Sector.POLICE, statutory_partner=True)
    council = make_agency(
        "Testshire Children's Services", sector=Sector.LOCAL_AUTHORITY, holds_case_data=True
    )
    users = {
        "scrutineer": make_user("sam", Role.SCRUTINEER),
        "business unit": make_user("bea", Role.BUSINESS_UNIT),
        "agency lead": make_user("lee", Role.AGENCY_LEAD, police),
        "executive": make_user("eve", Role.EXECUTIVE),
        "auditor": make_user("aud", Role.AUDITOR),
        "viewer": make_user("vic", Role.VIEWER, police),
    }
    clients = {"anonymous": Client()}
    clients.update({role: sign_in(Client(), user) for role, user in users.items()})

    priority = Priority.objects.create(title="Safeguarding adolescents", order=1)
    review = make_review("Child Q", team=(users["agency lead"],))
    recommendation = recommendation_create(
        source_type="reviews.review",
        source_id=review.pk,
        source_label=review.name,
        reference="R1",
        text="Agencies should follow the bruising protocol for non-mobile babies.",
        priorities=[priority],
    )
    briefing_create(review=review, by=users["business unit"])
    published = make_review("Child P", learning_published_on=dt.date(2025, 1, 31))
    briefing_set_status(
        briefing=briefing_create(review=published, by=users["business unit"]),
        released=True,
        by=users["business unit"],
    )
    records = {
        "agency": police,
        "person": users["viewer"],
        "priority": priority,
        "subgroup": SubGroup.objects.create(name="Audit and Performance"),
        "shared document": _document(council, shared=True),
        "police draft": _document(police, shared=False),
        "review": review,
        "meeting": RapidReviewMeeting.objects.create(review=review, held_on=dt.date(2024, 4, 10)),
        "information request": InformationRequest.objects.create(
            review=review,
            agency=police,
            asked="Call-outs to the address.",
            sent_on=dt.date(2024, 4, 5),
            due_on=dt.date(2024, 4, 12),
        ),
        "parallel process": ParallelProcess.objects.create(review=review, kind="coroner"),
        "theme": PracticeTheme.objects.create(name="Bruising in non-mobile babies", order=99),
        "finding": Finding.objects.create(
            review=review, text="Nobody asked how the baby came to be bruised."
        ),
        "published review": published,
        "recommendation": recommendation,
        "action": Action.objects.create(
            recommendation=recommendation,
            owner_agency=police,
            description="Train call handlers to recognise bruising in non-mobile babies.",
            due_on=timezone.localdate() + dt.timedelta(days=60),
        ),
    }
    for part in PARTS:
        records.update(part.records(users=users, police=police, council=council))
    return {"clients": clients, "users": users, "records": records}


def _document(agency: Any, *, shared: bool) -> Document:
    content = b"%PDF-1.4\n% a tiny document for the permission matrix\n"
    document = Document(
        agency=agency,
        shared=shared,
        shared_at=timezone.now() if shared else None,
        title=f"{agency.name} annual report",
        kind=Document.Kind.AGENCY_REPORT,
        document_date=dt.date(2025, 6, 30),
        original_name="annual-report.pdf",
        size_bytes=len(content),
        content_type="application/pdf",
        sha256="0" * 64,
    )
    document.file.save("annual-report.pdf", ContentFile(content), save=False)
    document.save()
    return document


# How each object column becomes the URL's arguments.
URL_KWARGS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "incident stage": lambda r: {"pk": r["review"].pk, "stage": "incident"},
    "team stage": lambda r: {"pk": r["review"].pk, "stage": "team"},
    "meeting": lambda r: {"pk": r["review"].pk, "meeting_pk": r["meeting"].pk},
    "information request": lambda r: {
        "pk": r["review"].pk,
        "request_pk": r["information request"].pk,
    },
    "parallel process": lambda r: {"pk": r["review"].pk, "process_pk": r["parallel process"].pk},
    "theme": lambda r: {"theme_pk": r["theme"].pk},
    "finding": lambda r: {"pk": r["review"].pk, "finding_pk": r["finding"].pk},
    "draft briefing": lambda r: {"pk": r["review"].pk, "extension": "docx"},
    "released briefing": lambda r: {"pk": r["published review"].pk, "extension": "docx"},
}


for _part in PARTS:
    URL_KWARGS.update(getattr(_part, "URL_KWARGS", {}))


def url_for(name: str, obj: str | None, records: dict[str, Any]) -> str:
    if obj is None:
        return reverse(name)
    kwargs = URL_KWARGS[obj](records) if obj in URL_KWARGS else {"pk": records[obj].pk}
    return reverse(name, kwargs=kwargs)


def outcome(response: Any) -> int | str:
    """The response as the matrix states it: a status, or where a redirect goes."""
    if response.status_code != 302:
        return int(response.status_code)
    location = urlsplit(response["Location"])
    if location.path == reverse("login") and "next=" in location.query:
        return SIGN_IN
    if location.path == reverse("two_factor") and "next=" in location.query:
        return "two-factor"
    if location.path == reverse("home"):
        return HOME
    return f"302 to {response['Location']}"


def consume(response: Any) -> None:
    """Read a streamed response (a download, a CSV) to the end, as a browser would: the test
    client closes it then. (Closing it by hand would fire ``request_finished`` and close the
    test's database connection.)"""
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)


ROWS = [
    pytest.param(name, obj, expected, id=f"{name}[{obj}]" if obj else name)
    for name, obj, expected in MATRIX
]


@pytest.mark.parametrize(("name", "obj", "expected"), ROWS)
def test_each_role_gets_what_the_matrix_says(world, name, obj, expected):
    url = url_for(name, obj, world["records"])
    wrong = []
    for role, want in zip(ROLES, expected, strict=True):
        response = world["clients"][role].get(url)
        got = outcome(response)
        consume(response)
        if got != want:
            wrong.append(f"GET {url} as {role}: the matrix says {want}, the page gave {got}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", [Role.SCRUTINEER, Role.BUSINESS_UNIT, Role.AUDITOR])
def test_it_sends_someone_who_has_not_entered_a_code_to_the_two_factor_page(world, role):
    """A password alone is not enough for roles that need two-factor authentication: every
    page but the few in ``BEFORE_TWO_FACTOR`` sends them to enter a code first, before any
    permission check (so not even a 403 or 404 says what exists)."""
    client = sign_in(Client(), make_user("halfway", role), verified=False)
    wrong = []
    for name, obj, _ in MATRIX:
        url = url_for(name, obj, world["records"])
        response = client.get(url)
        got = outcome(response)
        consume(response)
        want = BEFORE_TWO_FACTOR.get(name, "two-factor")
        if got != want:
            wrong.append(f"GET {url}: expected {want}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_the_two_factor_page_remembers_where_the_person_was_going(world):
    client = sign_in(Client(), make_user("halfway", Role.SCRUTINEER), verified=False)
    response = client.get(reverse("reviews:index"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('two_factor')}?next=%2Freviews%2F"


def test_the_sign_in_page_sends_an_anonymous_visitor_back_where_they_were_going(world):
    response = world["clients"]["anonymous"].get(reverse("partnership:people"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/partnership/people/"
