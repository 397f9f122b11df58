"""``scrutineer reviews list --json``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from scrutineer.core.models import AccessLogEntry

from .factories import make_review, published_lcspr


def run(*args: str) -> str:
    out = StringIO()
    call_command("reviews", "list", *args, stdout=out)
    return out.getvalue()


def test_it_prints_every_review_with_its_stages_dates_deadlines_and_working_days(db):
    published_lcspr("Child P")
    make_review("Child Q")  # aware Thu 28 Mar 2024: notification due Mon 8 Apr
    data = json.loads(run("--json", "--date", "2024-04-10"))
    assert data["today"] == "2024-04-10"
    first, second = data["reviews"]
    assert first["name"] == "Child Q"  # the overdue one comes first
    assert first["stage"] == {"code": "incident", "label": "Serious incident: notification due"}
    assert first["dates"]["became_aware"] == "2024-03-28"
    assert first["dates"]["notified"] is None
    assert first["clocks"] == [
        {
            "code": "notification",
            "name": "Notification to the National Panel",
            "start": "2024-03-28",
            "deadline": "2024-04-08",
            "done": None,
            "status": "overdue",
            "working_days_left": None,
            "working_days_overdue": 2,
            "summary": "2 working days overdue",
        }
    ]
    assert first["next_deadline"] == "2024-04-08"
    assert second["name"] == "Child P"
    assert second["stage"]["code"] == "published"
    assert [c["code"] for c in second["clocks"]] == [
        "notification",
        "rapid_review",
        "lcspr",
        "publication_notice",
    ]
    assert {c["status"] for c in second["clocks"]} == {"on_time"}


def test_it_counts_working_days_left_on_a_running_clock(db):
    make_review("Child Q")
    data = json.loads(run("--json", "--date", "2024-04-03"))
    clock = data["reviews"][0]["clocks"][0]
    assert (clock["status"], clock["working_days_left"]) == ("due", 3)


def test_it_lists_only_what_a_named_person_may_see(db, dana, charlie):
    make_review("Child Q", team=(dana,))
    make_review("Child R")
    assert [r["name"] for r in json.loads(run("--json", "--user", "dana"))["reviews"]] == [
        "Child Q"
    ]
    assert json.loads(run("--json", "--user", "charlie"))["reviews"] == []


def test_it_writes_the_listing_to_the_access_log_as_an_export(db, dana):
    make_review("Child Q", team=(dana,))
    run("--json", "--user", "dana")
    entry = AccessLogEntry.objects.get()
    assert (entry.action, entry.object_type, entry.username) == ("export", "reviews.review", "dana")


def test_it_prints_text_without_json(db):
    make_review("Child Q")
    text = run("--date", "2024-04-10")
    assert "Child Q: Serious incident: notification due" in text
    assert "due 2024-04-08, 2 working days overdue" in text


def test_it_refuses_an_unknown_user(db):
    with pytest.raises(CommandError, match="No one has the username"):
        run("--user", "nobody")
