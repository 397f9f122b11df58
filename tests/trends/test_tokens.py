"""API tokens: issuing, revoking and checking them, and the business unit's pages for them."""

from __future__ import annotations

import hmac

import pytest
from django.test import Client
from django.urls import reverse

from scrutineer.core.models import AccessLogEntry
from scrutineer.trends import tokens
from scrutineer.trends.models import ApiToken
from scrutineer.trends.tokens import (
    TOKEN_PATTERN,
    TokenRefused,
    token_authenticate,
    token_issue,
    token_revoke,
)

from ..factories import sign_in


@pytest.fixture
def issued(police, bob):
    return token_issue(agency=police, name="Police BI server", by=bob)


# --- The rules --------------------------------------------------------------------------------


def test_a_token_is_scr_then_its_prefix_then_a_long_random_secret(issued):
    token, secret = issued
    match = TOKEN_PATTERN.match(secret)
    assert match is not None
    assert match["prefix"] == token.prefix
    assert len(match["secret"]) >= 43  # 256 bits, URL-safe


def test_only_a_hash_of_the_token_is_stored(issued):
    token, secret = issued
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert secret not in {str(v) for v in stored.values()}
    assert stored["key_hash"] == ApiToken.hash(secret)


def test_each_token_is_different(police, bob):
    secrets = {token_issue(agency=police, name=f"t{n}", by=bob)[1] for n in range(5)}
    assert len(secrets) == 5


def test_it_lets_in_the_token_it_issued_and_names_its_agency(issued, police):
    token, secret = issued
    assert token_authenticate(f"  {secret} ") == token
    assert token_authenticate(secret).agency == police


def test_it_compares_hashes_in_constant_time(issued, monkeypatch):
    """Found by prefix, then the hashes compared with ``hmac.compare_digest`` (whose time does
    not depend on where the strings differ), for a right token and a wrong one alike."""
    _, secret = issued
    calls = []
    compare = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return compare(a, b)

    monkeypatch.setattr(tokens.hmac, "compare_digest", spy)
    token_authenticate(secret)
    with pytest.raises(TokenRefused):
        token_authenticate(secret[:-2] + "zz")
    with pytest.raises(TokenRefused):
        token_authenticate("scr_ffffffff_" + "a" * 43)  # no such prefix: compared all the same
    assert len(calls) == 3


def test_it_refuses_a_revoked_token(issued, bob):
    token, secret = issued
    assert token_revoke(token=token, by=bob) is True
    with pytest.raises(TokenRefused, match="revoked on"):
        token_authenticate(secret)


def test_revoking_twice_changes_nothing_the_second_time(issued, bob):
    token, _ = issued
    assert token_revoke(token=token, by=bob) is True
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    assert token_revoke(token=token, by=bob) is False
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_issuing_and_revoking_are_in_the_access_log(police, bob):
    before = AccessLogEntry.objects.count()
    token, _ = token_issue(agency=police, name="Police BI server", by=bob)
    token_revoke(token=token, by=bob)
    entries = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [(e.username, e.object_type, e.object_id) for e in entries] == [
        ("bob", "trends.apitoken", str(token.pk)),
        ("bob", "trends.apitoken", str(token.pk)),
    ]
    assert entries[0].description.startswith(f"Issued API token {token.prefix}")
    assert entries[1].description.startswith(f"Revoked API token {token.prefix}")


# --- The pages --------------------------------------------------------------------------------


def test_the_business_unit_lists_tokens_by_agency(bob_client, issued, council, bob):
    token_issue(agency=council, name="Children's services warehouse", by=bob)
    response = bob_client.get(reverse("trends:tokens"))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Testshire Children&#x27;s Services") < page.index("Testshire Police")
    assert issued[0].prefix in page
    assert issued[1] not in page  # the secret is never shown again
    assert "Never" in page  # not used yet


def test_issuing_shows_the_whole_token_once_with_a_warning(bob_client, police):
    response = bob_client.post(
        reverse("trends:token_issue"), {"agency": police.pk, "name": "  Police   BI server "}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.name == "Police BI server"
    page = response.content.decode()
    secret = TOKEN_PATTERN.search(page[page.index('id="token-secret">') + 18 :].split("<")[0])
    assert secret is not None
    assert ApiToken.hash(secret.group(0)) == token.key_hash
    assert "Copy the token now" in page
    assert "no-store" in response["Cache-Control"]
    assert secret.group(0) not in bob_client.get(reverse("trends:tokens")).content.decode()


def test_issuing_without_an_agency_or_a_name_says_what_is_missing(bob_client):
    response = bob_client.post(reverse("trends:token_issue"), {"agency": "", "name": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert "govuk-error-summary" in page
    assert "Choose the agency the token is for" in page
    assert "Enter what will use the token" in page
    assert not ApiToken.objects.exists()


def test_revoking_asks_first_then_revokes(bob_client, issued):
    token, _ = issued
    url = reverse("trends:token_revoke", args=[token.pk])
    page = bob_client.get(url).content.decode()
    assert "Are you sure you want to revoke this token?" in page
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    response = bob_client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("trends:tokens")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    listed = bob_client.get(reverse("trends:tokens")).content.decode()
    assert "revoked" in listed
    assert "already revoked" in bob_client.get(url).content.decode()


def test_only_the_business_unit_may_issue_or_revoke(issued, charlie, alice, police):
    token, _ = issued
    for person in (charlie, alice):
        client = sign_in(Client(), person)
        assert client.post(reverse("trends:token_revoke", args=[token.pk])).status_code == 403
        issue = client.post(reverse("trends:token_issue"), {"agency": police.pk, "name": "x"})
        assert issue.status_code == 403
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert ApiToken.objects.count() == 1


def test_a_token_that_does_not_exist_is_not_found(bob_client):
    assert bob_client.get(reverse("trends:token_revoke", args=[999])).status_code == 404
