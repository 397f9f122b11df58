"""Pseudonyms for children: a keyed HMAC of the local authority's identifier.

Case-level records arrive keyed by the local authority's child ID (and UPNs). Scrutineer keeps
none of those: each importer turns every identifier into a pseudonym before a record leaves
it, so the same child gets the same pseudonym in every import, year after year, and the
analysis can follow them, but nobody without the key can go back from the pseudonym to the
child. Only the local authority, which holds its own IDs, can check a pseudonym, by computing
it again from an ID it already has (the look-up page does that, and logs it).

Why an HMAC and not a plain hash: child IDs are short and guessable (often a number with a few
digits), so SHA-256 of an ID could be reversed by trying every ID; with a secret key nobody
can try them without the key. Why the local authority's code in the message: the same ID used
by two authorities is two different children, and a region's store holds both.

The key (``SCRUTINEER_PSEUDONYM_KEY``) is a secret per installation, read from the
environment and never stored in the database. Changing it changes every pseudonym: snapshots
imported before and after no longer match. Pure Python: nothing here imports Django.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

PREFIX = "P"
LENGTH = 16  # base32 characters after the prefix: 80 bits
MIN_KEY_BYTES = 32

DEVELOPMENT_KEY = b"INSECURE-DEVELOPMENT-PSEUDONYM-KEY-never-use-with-real-children"
"""The key debug mode uses when none is set: public, so fit only for synthetic data."""

# 80 bits keep the chance that two of a country's ~2 million children share a pseudonym below
# one in 10^11, and 16 characters are still short enough to read out over the telephone.
_BYTES = LENGTH * 5 // 8
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")


def normalise(identifier: str) -> str:
    """The form an identifier is compared in: no surrounding spaces, upper case.

    Local authorities' systems export the same ID as ``ab123`` in one year and ``AB123 `` in
    the next; both must be the same child.
    """
    return identifier.strip().upper()


def pseudonym(identifier: str, *, key: bytes, la: str) -> str:
    """The pseudonym of ``identifier`` for the local authority ``la`` (its three-digit code).

    ``P`` and 16 base32 characters (A-Z, 2-7), the same for the same identifier, key and local
    authority, and unrelated to the identifier's characters or length. An empty identifier has
    no pseudonym (raises ``ValueError``): the importer reports the record instead.
    """
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"a pseudonym key must be at least {MIN_KEY_BYTES} bytes long")
    normalised = normalise(identifier)
    if not normalised:
        raise ValueError("an empty identifier has no pseudonym")
    # The unit separator cannot appear in a code or an ID, so "38|3X" and "383|X" differ.
    message = f"{la.strip()}\x1f{normalised}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return PREFIX + base64.b32encode(digest[:_BYTES]).decode("ascii")


def looks_like_pseudonym(value: str) -> bool:
    """Whether ``value`` has the shape of a pseudonym (it says nothing of whose it is)."""
    value = value.strip().upper()
    return (
        len(value) == len(PREFIX) + LENGTH
        and value.startswith(PREFIX)
        and set(value[len(PREFIX) :]) <= _ALPHABET
    )
