"""Pseudonyms: the keyed HMAC that stands in for a child's local authority ID."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scrutineer.core.pseudonyms import (
    DEVELOPMENT_KEY,
    looks_like_pseudonym,
    normalise,
    pseudonym,
)

KEY = b"k" * 32
OTHER_KEY = b"K" * 32
SHAPE = re.compile(r"^P[A-Z2-7]{16}$")

identifiers = st.text(min_size=1, max_size=40).filter(lambda s: s.strip())
la_codes = st.from_regex(r"^\d{3}$", fullmatch=True)


@given(identifiers, la_codes)
def test_it_gives_the_same_pseudonym_for_the_same_identifier(identifier, la):
    assert pseudonym(identifier, key=KEY, la=la) == pseudonym(identifier, key=KEY, la=la)


@given(identifiers, la_codes)
def test_it_always_has_the_same_shape_whatever_the_identifier(identifier, la):
    """Fixed length and alphabet: nothing of the identifier's length or characters shows."""
    assert SHAPE.match(pseudonym(identifier, key=KEY, la=la))


@given(identifiers, la_codes)
def test_a_different_key_gives_a_different_pseudonym(identifier, la):
    assert pseudonym(identifier, key=KEY, la=la) != pseudonym(identifier, key=OTHER_KEY, la=la)


@given(identifiers, la_codes, la_codes)
def test_a_different_local_authority_gives_a_different_pseudonym(identifier, la, other):
    if la != other:
        assert pseudonym(identifier, key=KEY, la=la) != pseudonym(identifier, key=KEY, la=other)


@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=6, max_size=16))
def test_no_identifier_leaks_into_its_pseudonym(identifier):
    """Identifiers drawn from the pseudonyms' own alphabet, so a leak could show."""
    assert identifier not in pseudonym(identifier, key=KEY, la="383")[1:]


@given(identifiers)
def test_spaces_and_case_do_not_make_another_child(identifier):
    base = pseudonym(identifier, key=KEY, la="383")
    assert pseudonym(f"  {identifier.lower()} ", key=KEY, la="383") == pseudonym(
        identifier.lower(), key=KEY, la="383"
    )
    assert pseudonym(identifier.upper(), key=KEY, la="383") == pseudonym(
        normalise(identifier), key=KEY, la="383"
    )
    assert SHAPE.match(base)


def test_it_separates_the_local_authority_from_the_identifier():
    """Without a separator '38' + '3X' and '383' + 'X' would be the same message."""
    assert pseudonym("3X", key=KEY, la="38") != pseudonym("X", key=KEY, la="383")


def test_it_is_a_keyed_hmac_of_the_la_and_the_normalised_id():
    """A worked example, so any change to the scheme (which would orphan every snapshot) fails."""
    import base64
    import hashlib
    import hmac

    expected = (
        "P"
        + base64.b32encode(hmac.new(KEY, b"383\x1fAB123", hashlib.sha256).digest()[:10]).decode()
    )
    assert pseudonym(" ab123 ", key=KEY, la="383") == expected


def test_it_refuses_an_empty_identifier():
    with pytest.raises(ValueError, match="empty identifier"):
        pseudonym("   ", key=KEY, la="383")


def test_it_refuses_a_short_key():
    with pytest.raises(ValueError, match="at least 32 bytes"):
        pseudonym("AB123", key=b"short", la="383")


def test_the_development_key_says_what_it_is():
    assert b"INSECURE" in DEVELOPMENT_KEY
    assert len(DEVELOPMENT_KEY) >= 32


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("PABCDEFGHIJKLMNOP", True),
        (" pabcdefghijklmnop ", True),
        ("PABCDEFGHIJKLMNO", False),  # too short
        ("XABCDEFGHIJKLMNOP", False),  # no P
        ("PABCDEFGHIJKLMNO1", False),  # 1 is not base32
        ("", False),
    ],
)
def test_it_knows_the_shape_of_a_pseudonym(value, expected):
    assert looks_like_pseudonym(value) is expected
