"""Findings, published learning and practice themes: who reads, who edits, what is logged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Priority, Role
from scrutineer.reviews.learning import Finding, FindingKind, PracticeTheme
from scrutineer.reviews.models import Review
from tests.factories import make_user, sign_in

from .factories import make_review, published_lcspr
from .learning_factories import make_finding, theme

D = dt.date


@pytest.fixture
def child_p(dana):
    """A review with learning, on Dana's team, not yet published."""
    review = published_lcspr("Child P", team=(dana,))
    make_finding(review, "Health and police did not share a domestic abuse incident.")
    make_finding(
        review,
        "The school nurse listened to the child and recorded what she said.",
        kind=FindingKind.GOOD_PRACTICE,
        themes=("Voice and lived experience of the child",),
    )
    return review


PUBLISHED_ON = D(2024, 11, 1)


def publish(review: Review, on: dt.date = PUBLISHED_ON) -> Review:
    Review.objects.filter(pk=review.pk).update(learning_published_on=on)
    review.refresh_from_db()
    return review


@pytest.fixture
def viewer_client(partnership) -> Client:
    return sign_in(Client(), make_user("vera", Role.VIEWER))


# ---- who reads the learning ---------------------------------------------------------------


def test_unpublished_findings_are_read_only_by_the_team_scrutineer_and_business_unit(
    child_p, dana, alice, bob, charlie
):
    assert Finding.objects.visible_to(dana).count() == 2
    assert Finding.objects.visible_to(alice).count() == 2
    assert Finding.objects.visible_to(bob).count() == 2
    assert Finding.objects.visible_to(charlie).count() == 0
    assert Finding.objects.published_to(alice).count() == 0


@pytest.mark.parametrize(
    "role", [Role.VIEWER, Role.EXECUTIVE, Role.AUDITOR, Role.AGENCY_LEAD, Role.SCRUTINEER]
)
def test_published_learning_is_read_by_everyone_signed_in(child_p, role):
    publish(child_p)
    person = make_user("someone", role)
    assert Finding.objects.published_to(person).count() == 2
    assert Finding.objects.visible_to(person).count() == 2


def test_published_learning_is_not_read_by_a_switched_off_account(child_p, charlie):
    publish(child_p)
    charlie.is_active = False
    assert Finding.objects.published_to(charlie).count() == 0


def test_publishing_the_learning_does_not_open_the_rest_of_the_review(child_p, charlie):
    publish(child_p)
    assert Review.objects.learning_published().count() == 1
    assert not Review.objects.visible_to(charlie).exists()
    client = sign_in(Client(), charlie)
    assert client.get(reverse("reviews:review", args=[child_p.pk])).status_code == 404
    assert client.get(reverse("reviews:review_learning", args=[child_p.pk])).status_code == 404


def test_a_finding_on_two_teams_reviews_shows_once(dana, charlie):
    review = make_review("Child Q", team=(dana, charlie))
    make_finding(review)
    assert Finding.objects.visible_to(dana).count() == 1


def test_the_learning_page_shows_published_learning_to_a_viewer(child_p, viewer_client):
    make_finding(make_review("Child R"), "Unpublished learning about Child R.")
    publish(child_p)
    page = viewer_client.get(reverse("reviews:learning"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Health and police did not share" in body
    assert "Unpublished learning about Child R" not in body
    assert "<title>Learning from case reviews" in body


def test_the_learning_page_shows_nothing_unpublished_even_to_the_scrutineer(child_p, alice_client):
    body = alice_client.get(reverse("reviews:learning")).content.decode()
    assert "Health and police did not share" not in body
    assert "0 findings" in body


def test_the_learning_page_filters_by_theme_priority_and_kind(child_p, viewer_client):
    priority = Priority.objects.create(title="Safeguarding babies")
    child_p.findings.get(kind=FindingKind.SHORTFALL).priorities.add(priority)
    publish(child_p)
    url = reverse("reviews:learning")
    voice = theme("Voice and lived experience of the child")
    by_theme = viewer_client.get(url, {"theme": voice.pk}).content.decode()
    assert "school nurse" in by_theme
    assert "Health and police" not in by_theme
    by_priority = viewer_client.get(url, {"priority": priority.pk}).content.decode()
    assert "Health and police" in by_priority
    assert "school nurse" not in by_priority
    by_kind = viewer_client.get(url, {"kind": "good_practice"}).content.decode()
    assert "school nurse" in by_kind
    assert "Health and police" not in by_kind


def test_the_learning_page_needs_a_sign_in(child_p, client):
    publish(child_p)
    response = client.get(reverse("reviews:learning"))
    assert response.status_code == 302


# ---- editing findings ---------------------------------------------------------------------


def finding_data(**overrides):
    data = {
        "kind": "shortfall",
        "text": "No one asked who else lived in the home.",
        "themes": [theme("Professional curiosity").pk],
    }
    data.update(overrides)
    return data


def test_a_team_member_adds_a_finding(child_p, dana_client):
    response = dana_client.post(reverse("reviews:finding_add", args=[child_p.pk]), finding_data())
    assert response.status_code == 302
    added = child_p.findings.get(text__startswith="No one asked")
    assert [t.name for t in added.themes.all()] == ["Professional curiosity"]


def test_the_business_unit_changes_a_finding(child_p, bob_client):
    finding = child_p.findings.first()
    url = reverse("reviews:finding", args=[child_p.pk, finding.pk])
    assert bob_client.post(url, finding_data(text="Rewritten.")).status_code == 302
    finding.refresh_from_db()
    assert finding.text == "Rewritten."


def test_a_finding_needs_a_theme(child_p, dana_client):
    response = dana_client.post(
        reverse("reviews:finding_add", args=[child_p.pk]), finding_data(themes=[])
    )
    assert response.status_code == 200
    assert "Select at least one practice theme" in response.content.decode()


def test_the_scrutineer_reads_but_does_not_edit_findings(child_p, alice_client):
    assert (
        alice_client.get(reverse("reviews:review_learning", args=[child_p.pk])).status_code == 200
    )
    response = alice_client.post(reverse("reviews:finding_add", args=[child_p.pk]), finding_data())
    assert response.status_code == 403


def test_someone_off_the_team_cannot_add_a_finding_even_once_published(child_p, charlie_client):
    publish(child_p)
    response = charlie_client.post(
        reverse("reviews:finding_add", args=[child_p.pk]), finding_data()
    )
    assert response.status_code == 404


def test_a_team_member_removes_a_finding(child_p, dana_client):
    finding = child_p.findings.first()
    url = reverse("reviews:finding_delete", args=[child_p.pk, finding.pk])
    assert dana_client.post(url).status_code == 302
    assert not Finding.objects.filter(pk=finding.pk).exists()


def test_reading_a_reviews_learning_is_logged(child_p, alice_client):
    alice_client.get(reverse("reviews:review_learning", args=[child_p.pk]))
    entry = AccessLogEntry.objects.latest("at")
    assert (entry.action, entry.object_type, entry.object_id) == (
        "read",
        "reviews.review",
        str(child_p.pk),
    )


# ---- publishing ---------------------------------------------------------------------------


def test_the_team_publishes_the_learning(child_p, dana_client):
    url = reverse("reviews:learning_publish", args=[child_p.pk])
    response = dana_client.post(
        url, {"learning_published_on": "1/11/2024", "version": child_p.version}
    )
    assert response.status_code == 302
    child_p.refresh_from_db()
    assert child_p.learning_published_on == D(2024, 11, 1)


def test_learning_cannot_be_published_before_the_rapid_review(dana, dana_client):
    review = make_review("Child S", team=(dana,), notified_on=D(2024, 4, 4))
    make_finding(review)
    response = dana_client.post(
        reverse("reviews:learning_publish", args=[review.pk]),
        {"learning_published_on": "1/5/2024", "version": review.version},
    )
    assert response.status_code == 200
    assert "Record the date the rapid review was sent" in response.content.decode()


def test_learning_without_findings_cannot_be_published(dana, dana_client):
    review = published_lcspr("Child S", team=(dana,))
    response = dana_client.post(
        reverse("reviews:learning_publish", args=[review.pk]),
        {"learning_published_on": "1/11/2024", "version": review.version},
    )
    assert "Record at least one finding before publishing" in response.content.decode()


def test_publishing_with_a_stale_version_is_refused(child_p, dana_client):
    Review.objects.filter(pk=child_p.pk).update(version=5)
    response = dana_client.post(
        reverse("reviews:learning_publish", args=[child_p.pk]),
        {"learning_published_on": "1/11/2024", "version": 1},
    )
    assert response.status_code == 200
    assert "Someone else saved changes" in response.content.decode()
    child_p.refresh_from_db()
    assert child_p.learning_published_on is None


# ---- practice themes ----------------------------------------------------------------------


def test_the_business_unit_adds_a_theme(bob_client):
    response = bob_client.post(
        reverse("reviews:theme_add"), {"name": "Private fostering", "order": "300", "active": "on"}
    )
    assert response.status_code == 302
    assert PracticeTheme.objects.get(name="Private fostering").active


def test_the_business_unit_switches_a_theme_off(bob_client):
    curiosity = theme("Professional curiosity")
    url = reverse("reviews:theme", args=[curiosity.pk])
    response = bob_client.post(url, {"name": curiosity.name, "order": "20"})
    assert response.status_code == 302
    curiosity.refresh_from_db()
    assert not curiosity.active


def test_a_theme_in_use_cannot_be_deleted(child_p, bob_client):
    sharing = theme("Information sharing")
    response = bob_client.post(reverse("reviews:theme_delete", args=[sharing.pk]), follow=True)
    assert PracticeTheme.objects.filter(pk=sharing.pk).exists()
    assert "cannot be deleted" in response.content.decode()


def test_a_theme_nobody_uses_can_be_deleted(bob_client):
    unused = PracticeTheme.objects.create(name="A theme added by mistake")
    bob_client.post(reverse("reviews:theme_delete", args=[unused.pk]))
    assert not PracticeTheme.objects.filter(pk=unused.pk).exists()


def test_a_switched_off_theme_is_not_offered_for_new_findings_but_kept_on_old_ones(
    child_p, dana_client
):
    sharing = theme("Information sharing")
    PracticeTheme.objects.filter(pk=sharing.pk).update(active=False)
    add = dana_client.get(reverse("reviews:finding_add", args=[child_p.pk])).content.decode()
    assert "Information sharing" not in add
    tagged = child_p.findings.get(themes=sharing)
    change = dana_client.get(
        reverse("reviews:finding", args=[child_p.pk, tagged.pk])
    ).content.decode()
    assert "Information sharing" in change


@pytest.mark.parametrize("who", ["alice_client", "dana_client"])
def test_only_the_business_unit_edits_themes(request, who, dana):
    client = request.getfixturevalue(who)
    assert client.get(reverse("reviews:themes")).status_code == 403
    assert client.post(reverse("reviews:theme_add"), {"name": "X", "order": "1"}).status_code == 403
