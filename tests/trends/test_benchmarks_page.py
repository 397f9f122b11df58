"""The benchmarks page through HTTP: the table, the year chooser, the empty states."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from scrutineer.partnership.models import Partnership, Role
from scrutineer.trends.benchmarks import benchmarks_import
from scrutineer.trends.models import BenchmarkValue
from tests.factories import make_user, sign_in

from .benchmark_files import write_folder

URL = reverse("trends:benchmarks")


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def imported(db, tmp_path):
    benchmarks_import(directory=write_folder(tmp_path / "dfe"))


@pytest.fixture
def viewer_client(partnership) -> Client:
    return sign_in(Client(), make_user("vera", Role.VIEWER))


def test_it_shows_leeds_beside_england_its_region_and_its_neighbours(imported, viewer_client):
    response = viewer_client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert "Leeds, 2024-25 (April 2024 to March 2025)" in page
    assert (
        "Measure Leeds England Yorkshire and The Humber Statistical neighbours (mean) Rank in England Quartile band"
        in page
    )
    # Referral rate: Leeds 500.0, England 519.4, Yorkshire 538.4, neighbours 346.6, 4 of 4, D.
    assert (
        "Referrals per 10,000 children Neither higher nor lower is better 500.0 519.4 538.4 346.6 4 of 4 D (position)"
        in page
    )
    # Re-referrals, lower is better: Leeds 25.0 is the worst of 3.
    assert "Re-referrals within 12 months (%) Lower is better 25.0 22.6 21.7 17.4 3 of 3 D" in page
    assert (
        "The Department for Education's 2025 model, closest first: Bradford Kirklees Barnet" in page
    )


def test_a_suppressed_figure_says_so_and_is_not_zero(imported, viewer_client, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(la_code="381")
    page = text(viewer_client.get(URL))
    assert "Re-referrals within 12 months (%) Lower is better suppressed 22.6 21.7" in page


def test_the_year_chooser_shows_another_year(imported, viewer_client):
    response = viewer_client.get(URL, {"year": "2024"})
    page = text(response)
    assert "Leeds, 2023-24 (April 2023 to March 2024)" in page
    assert '<option value="2024" selected>2023-24</option>' in response.content.decode()


def test_a_year_not_in_the_list_is_an_error_and_the_latest_is_shown(imported, viewer_client):
    response = viewer_client.get(URL, {"year": "1999"})
    page = text(response)
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose one of the reporting years in the list" in page
    assert "Leeds, 2024-25" in page
    assert "<title>Error: Benchmarks" in response.content.decode()


def test_the_business_unit_is_told_how_to_load_the_benchmarks(bob_client):
    page = text(bob_client.get(URL))
    assert "No benchmarks have been loaded for local authority 383 yet." in page
    assert "How to load the benchmarks" in page
    assert "scrutineer benchmarks import" in page


def test_others_are_told_the_business_unit_loads_them(db, viewer_client):
    page = text(viewer_client.get(URL))
    assert "No benchmarks have been loaded for local authority 383 yet." in page
    assert "The partnership business unit loads them" in page
    assert "How to load the benchmarks" not in page


def test_without_the_partnerships_local_authority_it_says_what_to_set(bob_client, partnership):
    Partnership.objects.filter(pk=partnership.pk).update(la_code="")
    page = text(bob_client.get(URL))
    assert "The partnership's local authority is not set yet" in page
    assert "partnership's details" in page


def test_the_page_takes_a_fixed_number_of_queries(imported, viewer_client):
    viewer_client.get(URL)  # warm the session
    with CaptureQueriesContext(connection) as before:
        viewer_client.get(URL)
    for n in range(20):  # twenty more measures, each with a figure for every authority
        for code in ("383", "380", "381", "382", "302"):
            BenchmarkValue.objects.create(
                measure=f"factor_thing_{n}_pct", year=2025, level="la", area_code=code, value=n
            )
    with CaptureQueriesContext(connection) as after:
        response = viewer_client.get(URL)
    assert "Assessment factor: thing 19 (%)" in text(response)
    assert len(after) == len(before) <= 15


def test_signed_out_people_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
