"""Sign-in and two-factor gates that every page passes through.

Pages are private by default (Django's ``LoginRequiredMiddleware``); the few public ones are
marked with ``login_not_required``. Once signed in with a password, a user whose role requires
two-factor authentication is sent to set it up or to enter a code before any other page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

TWO_FACTOR_EXEMPT = "two_factor_exempt"


def two_factor_exempt(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view a signed-in user may reach before finishing two-factor authentication."""
    setattr(view, TWO_FACTOR_EXEMPT, True)
    return view


def needs_two_factor(user: Any) -> bool:
    """Whether this signed-in user must pass two-factor authentication.

    The rule itself belongs to the user model (``requires_two_factor``); a user model without
    it is treated as requiring it, so a mistake fails closed.
    """
    return bool(getattr(user, "requires_two_factor", True))


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if getattr(view_func, TWO_FACTOR_EXEMPT, False) or not getattr(
            view_func, "login_required", True
        ):
            return None
        if user.is_verified() or not needs_two_factor(user):  # type: ignore[attr-defined]
            return None
        target = reverse("two_factor")
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{target}?{query}")
