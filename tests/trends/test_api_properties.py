"""Properties of the API's small parsers: a quarter in an address, a token in a header, and
where a problem in a body is. Whatever arrives, each answers in words or refuses cleanly."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ninja.errors import HttpError

from scrutineer.trends.api import _problem
from scrutineer.trends.api_returns import FIRST_YEAR, LAST_YEAR, _quarter, url_key
from scrutineer.trends.tokens import TokenRefused, token_authenticate

quarters = st.builds(
    lambda year, q: dt.date(year + (1 if q == 4 else 0), (4 + 3 * (q - 1) - 1) % 12 + 1, 1),
    st.integers(FIRST_YEAR, LAST_YEAR),
    st.integers(1, 4),
)


@given(quarters)
def test_a_quarter_s_url_key_reads_back_as_the_same_quarter(start):
    key = url_key(start)
    assert _quarter(key) == start
    assert _quarter(key.replace("-Q", " Q")) == start
    assert _quarter(key.replace("-Q", "q")) == start


@given(st.text(max_size=30))
def test_any_text_is_a_quarter_or_a_404_that_says_how_to_write_one(text):
    answer: dt.date | HttpError
    try:
        answer = _quarter(text)
    except HttpError as error:
        answer = error
    if isinstance(answer, HttpError):
        assert answer.status_code == 404
        assert answer.message
    else:
        assert answer.day == 1
        assert answer.month in (1, 4, 7, 10)


@pytest.mark.django_db
@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=80) | st.from_regex(r"\Ascr_[0-9a-f]{8}_[A-Za-z0-9_-]{32,50}\Z"))
def test_any_header_value_is_refused_in_words_unless_it_is_a_token(presented):
    with pytest.raises(TokenRefused) as refused:
        token_authenticate(presented)
    assert "token" in refused.value.message.lower()


locations = st.lists(
    st.one_of(
        st.integers(0, 1000),
        st.sampled_from(["figures", "value", "period", "note", "int", "str", "oops"]),
    ),
    max_size=6,
)


@given(
    st.sampled_from(["body", "path"]),
    locations,
    st.sampled_from(["missing", "int_type", "string_too_long", "extra_forbidden", "x"]),
)
def test_every_validation_error_gets_a_place_and_a_message(source, loc, kind):
    # Ninja puts the parameter's name after "body" (the body is one parameter, "payload").
    full = (source, "payload", *loc) if source == "body" else (source, *loc)
    where, message = _problem({"loc": full, "type": kind, "msg": "m", "ctx": {"max_length": 5}})
    assert where
    assert message
    assert "payload" not in where
