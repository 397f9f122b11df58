"""The returns API against its own OpenAPI schema, with Schemathesis.

Schemathesis reads the schema from the app, generates requests for every operation (valid ones
and, for the negative checks, invalid ones) and checks each answer: no server error, a status
the schema documents, a body that matches the schema for that status, a 401 when the token is
left off, and an invalid request refused.

One check is left out: ``positive_data_acceptance`` expects every request that fits the schema
to succeed, but the schema cannot say which indicator codes and periods the catalogue holds,
so a well-formed return of made-up figures is rightly refused (422).

The requests go straight into the WSGI app in this thread, so they share the test's database
transaction (``db``). Django closes "old" connections when a request starts and finishes; in
a test that would close the connection holding the transaction, so those handlers are
disconnected for the test, as Django's own test client does.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from scrutineer.trends.services import Figure, return_for, submission_create

from .api_helpers import issue, make_police_indicators


@pytest.fixture
def keep_connection():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def secret(police, keep_connection) -> str:
    make_police_indicators(police)
    token, secret = issue(police)
    # A version 1 to read, so that GET .../versions/1 can succeed as well as fail.
    submission_create(
        data_return=return_for(agency=police, quarter_start=dt.date(2024, 4, 1)),
        figures=[Figure("police_da_incidents", dt.date(2024, 4, 1), Decimal(412))],
        channel="api",
        token=token,
    )
    return secret


# Read from the app as a client would, at collection: serving the schema needs no database.
# (``schemathesis.pytest.from_fixture`` would load it per test, but does not work with pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_answers_as_its_openapi_schema_says(case, secret):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {secret}"},
        excluded_checks=[positive_data_acceptance],
    )
