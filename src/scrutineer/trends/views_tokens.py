"""The business unit's pages for API tokens: the list by agency, issuing one, revoking one.

Only the business unit may see them (``business_unit_required``, and ``visible_to`` for the
rows). The whole token is shown once, in the answer to the POST that issued it: it is not
stored, not put in the session and not cached, so it cannot be shown again.
"""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers

from scrutineer.partnership.permissions import business_unit_required

from .forms_tokens import TokenIssueForm
from .models import ApiToken
from .tokens import token_issue as issue
from .tokens import token_revoke as revoke


@business_unit_required
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = ApiToken.objects.visible_to(request.user).select_related("agency", "created_by")
    by_agency = [(agency, list(rows)) for agency, rows in groupby(tokens, key=lambda t: t.agency)]
    context = {"nav": "partnership", "by_agency": by_agency, "count": len(tokens)}
    return render(request, "trends/tokens/list.html", context)


@business_unit_required
def token_issue(request: HttpRequest) -> HttpResponse:
    form = TokenIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, secret = issue(
            agency=form.cleaned_data["agency"],
            name=form.cleaned_data["name"],
            by=request.user,
            request=request,
        )
        response = render(
            request,
            "trends/tokens/issued.html",
            {"nav": "partnership", "token": token, "secret": secret},
        )
        add_never_cache_headers(response)
        return response
    return render(request, "trends/tokens/issue.html", {"nav": "partnership", "form": form})


@business_unit_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then revoke (POST). Revoking takes effect on the token's next call."""
    token = get_object_or_404(
        ApiToken.objects.visible_to(request.user).select_related("agency"), pk=pk
    )
    if request.method != "POST":
        return render(request, "trends/tokens/revoke.html", {"nav": "partnership", "token": token})
    if revoke(token=token, by=request.user, request=request):
        messages.success(request, f"Token {token.prefix} ({token.name}) revoked")
    else:
        messages.info(request, f"Token {token.prefix} ({token.name}) was already revoked")
    return HttpResponseRedirect(reverse("trends:tokens"))
