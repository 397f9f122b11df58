"""The returns API at ``/api/``: an agency's systems read what is expected and submit returns.

Every call carries an agency's token (``Authorization: Bearer scr_…``, see ``tokens.py``) and
sees only that agency's indicators and returns: the token, not a person, is the caller, so the
scope is the token's agency rather than ``visible_to(user)``, and a session cookie never
authenticates here. Another agency's return is simply not found (404).

A submission passes through the same rules as an Excel or CSV return (``validation.validate``),
so it is refused for exactly the same reasons, with the same words, each placed by a JSON path
(``figures[3].value``); it is accepted whole or not at all, as the next version of the return.

Each operation's page view is marked ``login_not_required``: the site's sign-in and two-factor
middleware would otherwise send an API client to the sign-in page. Ninja's views are already
exempt from CSRF, which protects cookies, and the API reads no cookie. The human docs at
``/api/docs`` are a server-rendered GOV.UK page (``api_docs.py``), since Swagger UI needs
inline script and a CDN that the Content Security Policy forbids.

This module is the API's frame (authentication, errors, addresses, docs); its operations are
in ``api_returns.py``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.http.request import RawPostDataException
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path, re_path
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import DocsBase
from ninja.security import HttpBearer

from .api_docs import describe
from .api_returns import router
from .models import ApiToken
from .tokens import NO_CREDENTIALS, TokenRefused, token_authenticate

#: The largest request body accepted: a whole return is a few kilobytes.
MAX_BODY_BYTES = 1024 * 1024


class BodyTooLarge(HttpError):
    def __init__(self) -> None:
        super().__init__(
            413,
            f"The request body is larger than {MAX_BODY_BYTES // 1024} KB: a return is a few "
            "kilobytes, so check what is being sent.",
        )


class TokenAuth(HttpBearer):
    """``Authorization: Bearer scr_…``; refuses with the reason (no token, unknown, revoked).

    An over-large body is refused here too, after the token is checked and before the body is
    read: Ninja reads the body before the operation runs, so this is the last place to stop it.
    """

    def __call__(self, request: HttpRequest) -> ApiToken:
        scheme, _, presented = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != self.openapi_scheme or not presented.strip():
            raise TokenRefused(NO_CREDENTIALS)
        token = self.authenticate(request, presented)
        _refuse_large_body(request)
        return token

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        return token_authenticate(token)


def _refuse_large_body(request: HttpRequest) -> None:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY_BYTES:
        raise BodyTooLarge
    if request.method in ("POST", "PUT", "PATCH"):
        try:
            size = len(request.body)
        except (RequestDataTooBig, RawPostDataException):
            raise BodyTooLarge from None
        if size > MAX_BODY_BYTES:
            raise BodyTooLarge


class GovukDocs(DocsBase):
    """The API's docs as a GOV.UK page, generated from its own OpenAPI schema."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        schema = api.get_openapi_schema(path_params=kwargs)
        base = request.build_absolute_uri(api.get_root_path(kwargs)).rstrip("/")
        context = describe(schema, base_url=base)
        context["openapi_url"] = self.get_openapi_url(api, kwargs)
        return render(request, "trends/api_docs.html", context)


class ReturnsAPI(NinjaAPI):
    """Ninja's API with every view open to token callers, a JSON 404 for unknown paths and the
    root sending people to the docs."""

    @property
    def urls(self) -> tuple[list[URLResolver | URLPattern], str, str]:
        patterns, app_name, namespace = super().urls
        patterns = [
            path("", _to_docs, name="api-root") if getattr(p, "name", "") == "api-root" else p
            for p in patterns
        ]
        patterns.append(re_path(r"^.+$", _unknown_path))
        for pattern in patterns:
            if isinstance(pattern, URLPattern):
                login_not_required(pattern.callback)
        return patterns, app_name, namespace


def _to_docs(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(request.path.rstrip("/") + "/docs")


def _unknown_path(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {"detail": "There is no such address in the API: see /api/docs for the ones there are."},
        status=404,
    )


api = ReturnsAPI(
    title="Scrutineer returns API",
    version="1",
    description=(
        "Agencies' systems read the indicators they supply and the returns expected of them, and "
        "submit each quarter's return. Every call needs the agency's token, sent as "
        "Authorization: Bearer scr_…; the partnership business unit issues and revokes tokens."
    ),
    auth=TokenAuth(),
    docs=GovukDocs(),
    urls_namespace="api",
)


# --- Errors: every refusal is JSON that says what is wrong -------------------------------------


@api.exception_handler(TokenRefused)
def _token_refused(request: HttpRequest, exc: TokenRefused) -> HttpResponse:
    response = api.create_response(request, {"detail": exc.message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="Scrutineer returns API"'
    return response


@api.exception_handler(AuthenticationError)
def _not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return _token_refused(request, TokenRefused(NO_CREDENTIALS))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    message = exc.message
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):
        # Ninja's "Cannot parse request body": say why, so the sender can find the slip.
        message = f"The request body is not valid JSON ({exc.__cause__}): send a JSON object."
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    """Ninja's own checks (types, lengths, unknown fields) in the same shape as the catalogue's:
    ``{"problems": [{"where", "message"}]}``, one problem per place."""
    problems: dict[str, str] = {}
    for error in exc.errors:
        where, message = _problem(error)
        problems.setdefault(where, message)
    body = {"problems": [{"where": w, "message": m} for w, m in problems.items()]}
    return api.create_response(request, body, status=422)


_FIELDS = {
    "figures",
    "note",
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "reason_missing",
    "quarter",
    "n",
}
_NUMBERS = {"value", "numerator", "denominator"}


def _problem(error: dict[str, Any]) -> tuple[str, str]:
    loc = list(error.get("loc", ()))
    source = loc.pop(0) if loc else ""
    if source == "body" and loc:
        loc.pop(0)  # the operation's parameter name, not a part of the JSON
    where, last = "", ""
    for part in loc:
        if isinstance(part, int):
            where += f"[{part}]"
        elif part in _FIELDS or error.get("type") == "extra_forbidden":
            where += ("." if where else "") + str(part)
            last = str(part)
        else:
            break  # pydantic's name for a member of a union: not a place in the body
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if not where and source != "body":
        return source or "request", str(error.get("msg", "is not valid"))
    if not where:
        if kind == "missing":
            return "body", "The body is empty: send a JSON object with “figures” (a list)."
        return "body", "The body must be a JSON object with “figures” (a list) and “note”."
    if kind == "missing":
        return where, "is required but missing"
    if kind == "extra_forbidden":
        return where, f"“{last}” is not a field here: check its spelling"
    if last in _NUMBERS:
        return where, "is not a number: give a number, null, or one of the markers c, x, z, u"
    if kind == "string_type":
        return where, "must be text, in quotes"
    if kind == "string_too_long":
        return where, f"is longer than {ctx.get('max_length')} characters"
    if kind == "list_type":
        return where, "must be a list"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return where, "must be a JSON object"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return where, "must be a whole number"
    if kind == "greater_than_equal":
        return where, f"must be {ctx.get('ge')} or more"
    return where, str(error.get("msg", "is not valid"))


api.add_router("", router)
