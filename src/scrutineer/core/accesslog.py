"""The access log's service: record a read or an export (stub; the chain is being built)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from .models import AccessLogEntry

GENESIS = "0" * 64


def record_access(
    request: HttpRequest | None,
    *,
    action: str,
    object_type: str,
    object_id: str | int = "",
    description: str = "",
    user: Any = None,
) -> AccessLogEntry:
    user = user if user is not None else getattr(request, "user", None)
    last = AccessLogEntry.objects.order_by("-id").first()
    previous = last.entry_hash if last else GENESIS
    entry = AccessLogEntry(
        at=timezone.now(),
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "",
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        description=description,
        ip_address=request.META.get("REMOTE_ADDR") if request else None,
        path=request.get_full_path()[:500] if request else "",
        previous_hash=previous,
    )
    entry.entry_hash = hashlib.sha256(f"{previous}|{entry.at.isoformat()}|{action}".encode()).hexdigest()
    entry.save()
    return entry
