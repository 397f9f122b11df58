"""Bad submissions to the returns API: each refused with a message that says where and what,
every problem at once, and nothing saved."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django.test import Client

from scrutineer.trends.api import MAX_BODY_BYTES
from scrutineer.trends.models import DataReturn, Observation, SeriesValue, Submission

from .api_helpers import QUARTER, call, issue, make_police_indicators, whole_return
from .factories import make_indicator

RETURN = f"/api/returns/{QUARTER}"


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def secret(police, council) -> str:
    make_police_indicators(police)
    make_indicator("referrals", council, name="Referrals")
    return issue(police)[1]


def nothing_saved() -> bool:
    return not (
        DataReturn.objects.exists()
        or Submission.objects.exists()
        or Observation.objects.exists()
        or SeriesValue.objects.exists()
    )


def refused(client: Client, secret: str, body: Any) -> dict[str, str]:
    """Send ``body``; check it is refused (422) and nothing kept; return where -> messages (one
    place can have several problems: each missing figure is a problem with the figures)."""
    response = call(client, "post", RETURN, secret, body)
    assert response.status_code == 422, response.content
    assert nothing_saved()
    problems: dict[str, str] = {}
    for problem in response.json()["problems"]:
        where = problem["where"]
        problems[where] = (
            f"{problems[where]}\n{problem['message']}" if where in problems else problem["message"]
        )
    return problems


def with_figure(n: int, **changes: Any) -> dict[str, Any]:
    body = whole_return()
    body["figures"][n].update(changes)
    return body


def test_it_refuses_a_body_that_is_not_json(client, secret):
    response = call(client, "post", RETURN, secret, '{"figures": [}')
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["detail"]
    assert "line 1" in response.json()["detail"]  # where the parser stopped
    assert nothing_saved()


def test_it_refuses_an_empty_body(client, secret):
    problems = refused(client, secret, "")
    assert "empty" in problems["body"]


@pytest.mark.parametrize("body", ["[]", '"figures"', "12"])
def test_it_refuses_a_body_that_is_not_an_object(client, secret, body):
    problems = refused(client, secret, body)
    assert "must be a JSON object" in problems["body"]


def test_it_refuses_a_return_with_no_figures(client, secret):
    problems = refused(client, secret, {"figures": []})
    assert "police_da_incidents" in problems["figures"]


def test_it_refuses_an_unknown_indicator(client, secret):
    problems = refused(client, secret, with_figure(0, indicator="police_made_up"))
    assert problems["figures[0].indicator"] == (
        "“police_made_up” is not an indicator code in the catalogue"
    )


def test_it_refuses_another_agency_s_indicator(client, secret):
    body = whole_return()
    body["figures"].append({"indicator": "referrals", "period": "2024-04", "value": 5})
    problems = refused(client, secret, body)
    assert "supplied by Testshire Children's Services" in problems["figures[6].indicator"]


@pytest.mark.parametrize(
    ("period", "says"),
    [
        ("2024-07", "is not in this return, which covers April to June 2024"),
        ("April 2024", "is not a month written like 2024-04"),
        ("2024-13", "is not a month written like 2024-04"),
    ],
)
def test_it_refuses_a_wrong_period(client, secret, period, says):
    problems = refused(client, secret, with_figure(1, period=period))
    assert says in problems["figures[1].period"]


def test_it_refuses_text_for_a_number(client, secret):
    problems = refused(client, secret, with_figure(2, value="twelve"))
    assert problems["figures[2].value"] == "“twelve” is not a number"


@pytest.mark.parametrize("value", [True, [1], {"n": 1}])
def test_it_refuses_json_that_is_not_a_number_where_a_number_goes(client, secret, value):
    problems = refused(client, secret, with_figure(2, value=value))
    assert "is not a number" in problems["figures[2].value"]


def test_it_refuses_a_negative_count(client, secret):
    problems = refused(client, secret, with_figure(0, value=-3))
    assert "negative" in problems["figures[0].value"]


def test_it_refuses_a_numerator_larger_than_its_denominator(client, secret):
    body = with_figure(3, value=None, numerator=50, denominator=40)
    problems = refused(client, secret, body)
    assert problems["figures[3].numerator"] == (
        "the numerator (50) is larger than the denominator (40)"
    )


def test_it_refuses_a_percentage_over_100(client, secret):
    problems = refused(client, secret, with_figure(4, value=131.5))
    assert "over 100" in problems["figures[4].value"]


def test_it_refuses_a_formula(client, secret):
    problems = refused(client, secret, with_figure(0, value="=SUM(B2:B9)"))
    assert "formula" in problems["figures[0].value"]


def test_it_refuses_a_figure_given_twice(client, secret):
    body = whole_return()
    body["figures"].append(copy.deepcopy(body["figures"][0]))
    problems = refused(client, secret, body)
    assert "appears twice" in problems["figures[6].indicator"]


def test_it_refuses_a_return_with_figures_missing(client, secret):
    body = whole_return()
    del body["figures"][5]
    problems = refused(client, secret, body)
    assert (
        "there is no row for Domestic abuse incidents with a child present" in (problems["figures"])
    )
    assert "2024-06" in problems["figures"]


def test_it_refuses_a_figure_with_no_value_and_no_reason(client, secret):
    problems = refused(client, secret, with_figure(0, value=None))
    assert "there is no figure" in problems["figures[0].value"]


def test_it_refuses_a_misspelt_field_rather_than_drop_it(client, secret):
    problems = refused(client, secret, with_figure(0, value=None, reason="outage"))
    assert "“reason” is not a field here" in problems["figures[0].reason"]


def test_it_refuses_a_figure_without_its_indicator(client, secret):
    body = whole_return()
    del body["figures"][0]["indicator"]
    problems = refused(client, secret, body)
    assert problems["figures[0].indicator"] == "is required but missing"


def test_it_reports_every_problem_at_once(client, secret):
    body = whole_return()
    body["figures"][0]["value"] = "twelve"
    body["figures"][1]["period"] = "2024-09"
    body["figures"][3].update(value=None, numerator=5, denominator=4)
    problems = refused(client, secret, body)
    assert {"figures[0].value", "figures[1].period", "figures[3].numerator"} <= set(problems)


def test_it_refuses_a_body_over_one_megabyte(client, secret):
    body = whole_return()
    body["note"] = "x" * MAX_BODY_BYTES
    response = call(client, "post", RETURN, secret, body)
    assert response.status_code == 413
    assert "larger than 1024 KB" in response.json()["detail"]
    assert nothing_saved()


def test_it_asks_for_a_token_before_it_reads_a_large_body(client, secret):
    body = {"figures": [], "note": "x" * MAX_BODY_BYTES}
    assert call(client, "post", RETURN, None, body).status_code == 401


def test_it_refuses_an_over_long_note(client, secret):
    body = whole_return()
    body["note"] = "x" * 2001
    problems = refused(client, secret, body)
    assert problems["note"] == "is longer than 2000 characters"


# --- What files accept, the API accepts too ---------------------------------------------------


def test_it_keeps_a_marker_as_a_missing_figure_with_its_reason(client, secret):
    body = with_figure(0, value="c")
    assert call(client, "post", RETURN, secret, body).status_code == 201
    kept = Observation.objects.get(indicator__code="police_da_incidents", period_start__month=4)
    assert kept.value is None
    assert kept.missing_reason == "suppressed (c)"


def test_it_works_out_a_percentage_from_its_numerator_and_denominator(client, secret):
    body = with_figure(3, value=None, numerator=130, denominator=400)
    assert call(client, "post", RETURN, secret, body).status_code == 201
    kept = Observation.objects.get(
        indicator__code="police_da_child_present_pct", period_start__month=4
    )
    assert kept.value == 32.5


def test_it_reads_a_number_sent_as_text_as_a_file_would(client, secret):
    body = with_figure(0, value="1,204")
    assert call(client, "post", RETURN, secret, body).status_code == 201
    assert (
        Observation.objects.get(indicator__code="police_da_incidents", period_start__month=4).value
        == 1204
    )


def test_a_figure_with_a_reason_instead_of_a_value_is_accepted(client, secret):
    body = with_figure(1, value=None, reason_missing="crime system outage")
    response = call(client, "post", RETURN, secret, body)
    assert response.status_code == 201
    assert Observation.objects.get(missing_reason="crime system outage").value is None
