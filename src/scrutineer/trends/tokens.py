"""API tokens: issued to an agency by the business unit, revoked by it, checked on every call.

A token reads ``scr_<prefix>_<secret>``. The prefix (8 hex characters) is stored in clear so
that the token can be found, listed and named in the access log; of the whole token only a
SHA-256 hash is stored, so a copy of the database does not give anyone a working token. A
presented token is found by its prefix and its hash compared with ``hmac.compare_digest``, which
takes the same time however many characters match, so timing does not leak the stored hash; a
prefix that is not found is compared against a dummy hash so that an unknown prefix costs
about the same as a wrong secret.

Issuing and revoking are written to the access log, as is every call made with a token (by
``api.py``), with the token as the actor: ``api:<prefix>``, which cannot be a person's
username (Django usernames have no colon).
"""

from __future__ import annotations

import hmac
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format

from scrutineer.core.accesslog import record_access
from scrutineer.core.models import AccessLogEntry
from scrutineer.partnership.models import Agency

from .models import ApiToken

TOKEN_PATTERN = re.compile(r"^scr_(?P<prefix>[0-9a-f]{8})_(?P<secret>[A-Za-z0-9_-]{32,})$")
PREFIX_BYTES = 4  # 8 hex characters
SECRET_BYTES = 32  # 43 URL-safe characters: 256 bits
_DUMMY_HASH = ApiToken.hash("scr_00000000_not-a-token")

#: Issuing and revoking a token are recorded as this action, each with a description that
#: starts with what was done.
LOG_TOKEN = AccessLogEntry.Action.TOKEN
OBJECT_TYPE = "trends.apitoken"

NO_CREDENTIALS = (
    "Send your API token in the Authorization header, like: Authorization: Bearer scr_…. "
    "The partnership business unit issues tokens."
)
UNKNOWN = (
    "The API token is not recognised: check it was copied whole, or ask the partnership "
    "business unit for a new one."
)
REVOKED = "This API token was revoked on {date}: ask the partnership business unit for a new one."
INACTIVE = "The agency this API token belongs to ({agency}) is no longer active in the partnership."


class TokenRefused(Exception):
    """A token that does not let its bearer in, with the reason in words for the 401."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TokenActor:
    """Who the access log names for a call made with a token: the token, not a person."""

    prefix: str
    is_authenticated: bool = True
    pk: None = None

    def get_username(self) -> str:
        return actor_name(self.prefix)


def actor_name(prefix: str) -> str:
    return f"api:{prefix}"


def _new_token() -> tuple[str, str]:
    """A fresh (prefix, whole token)."""
    prefix = secrets.token_hex(PREFIX_BYTES)
    return prefix, f"scr_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"


def token_issue(
    *, agency: Agency, name: str, by: Any, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    """Make a token for ``agency``; returns it and the whole secret, which is never stored and
    cannot be shown again."""
    with transaction.atomic():
        prefix, whole = _new_token()
        while ApiToken.objects.filter(prefix=prefix).exists():  # 1 in 4 billion; still, check
            prefix, whole = _new_token()
        token = ApiToken.objects.create(
            agency=agency,
            name=name,
            prefix=prefix,
            key_hash=ApiToken.hash(whole),
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
    record_access(
        request,
        action=LOG_TOKEN,
        object_type=OBJECT_TYPE,
        object_id=token.pk,
        description=f"Issued API token {prefix} ({name}) for {agency.name}",
        user=by,
    )
    return token, whole


def token_revoke(*, token: ApiToken, by: Any, request: HttpRequest | None = None) -> bool:
    """Revoke the token from now on; returns False if it was already revoked."""
    with transaction.atomic():
        changed = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    token.refresh_from_db(fields=["revoked_at"])
    if changed:
        record_access(
            request,
            action=LOG_TOKEN,
            object_type=OBJECT_TYPE,
            object_id=token.pk,
            description=f"Revoked API token {token.prefix} ({token.name}) of {token.agency.name}",
            user=by,
        )
    return bool(changed)


def token_authenticate(presented: str) -> ApiToken:
    """The active token ``presented`` is, with its agency, or ``TokenRefused`` saying why not.

    Marks the token used (``last_used_at``) when it lets its bearer in.
    """
    presented = presented.strip()
    match = TOKEN_PATTERN.match(presented)
    if match is None:
        raise TokenRefused(UNKNOWN)
    given = ApiToken.hash(presented)
    token = ApiToken.objects.select_related("agency").filter(prefix=match["prefix"]).first()
    if not hmac.compare_digest(token.key_hash if token else _DUMMY_HASH, given) or token is None:
        raise TokenRefused(UNKNOWN)
    if token.revoked_at is not None:
        when = date_format(timezone.localtime(token.revoked_at), "j F Y")
        raise TokenRefused(REVOKED.format(date=when))
    if not token.agency.active:
        raise TokenRefused(INACTIVE.format(agency=token.agency.name))
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return token
