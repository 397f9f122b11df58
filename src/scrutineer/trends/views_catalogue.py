"""The indicator catalogue's pages: everyone signed in reads it; the business unit adds and edits
indicators, their re-basing points, and loads the starter catalogue.

Reading goes through ``Indicator.objects.visible_to``; changing needs ``can_administer``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from . import periods
from .forms import CatalogueFilterForm, ChangePointForm, IndicatorForm
from .models import ChangePoint, Indicator
from .services import catalogue_load_starter


def _require_admin(request: HttpRequest) -> None:
    if not getattr(request.user, "can_administer", False):
        raise PermissionDenied


def catalogue(request: HttpRequest) -> HttpResponse:
    filters = CatalogueFilterForm(request.GET or None)
    indicators = filters.apply(
        Indicator.objects.visible_to(request.user)
        .select_related("agency")
        .prefetch_related("priorities")
    )
    indicators_list = list(indicators)
    context = {
        "nav": "trends",
        "filters": filters,
        "indicators": indicators_list,
        "can_edit": getattr(request.user, "can_administer", False),
        "empty_catalogue": not indicators_list and not Indicator.objects.exists(),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "trends/_catalogue.html", context)
    return render(request, "trends/catalogue.html", context)


def indicator_add(request: HttpRequest) -> HttpResponse:
    _require_admin(request)
    form = IndicatorForm(request.POST or None, initial={"order": _next_order()})
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            indicator = form.save()
        messages.success(request, f"Indicator {indicator.name} added to the catalogue")
        return HttpResponseRedirect(reverse("trends:indicator", args=[indicator.code]))
    return _form_page(request, form, title="Add an indicator", back=reverse("trends:catalogue"))


def _next_order() -> int:
    last = Indicator.objects.order_by("-order").values_list("order", flat=True).first()
    return (last or 0) + 10


def indicator_edit(request: HttpRequest, code: str) -> HttpResponse:
    _require_admin(request)
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), code=code)
    form = IndicatorForm(request.POST or None, instance=indicator)
    back = reverse("trends:indicator", args=[indicator.code])
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            indicator = form.save()
        messages.success(request, f"Indicator {indicator.name} saved")
        return HttpResponseRedirect(reverse("trends:indicator", args=[indicator.code]))
    return _form_page(request, form, title=f"Edit {indicator.name}", back=back, indicator=indicator)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, **extra: Any
) -> HttpResponse:
    context = {"nav": "trends", "form": form, "title": title, "back": back, **extra}
    return render(request, "trends/indicator_form.html", context)


def change_points(request: HttpRequest, code: str) -> HttpResponse:
    """The periods from which the indicator's process limits start again, and a form to add one."""
    _require_admin(request)
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), code=code)
    form = ChangePointForm(request.POST or None, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            point = ChangePoint.objects.create(
                indicator=indicator,
                period_start=form.cleaned_data["period"],
                reason=form.cleaned_data["reason"],
            )
        messages.success(
            request,
            f"The limits now start again from {indicator.period_label(point.period_start)}",
        )
        return HttpResponseRedirect(reverse("trends:change_points", args=[indicator.code]))
    points = [
        (
            periods.key(c.period_start, indicator.frequency),
            indicator.period_label(c.period_start),
            c,
        )
        for c in indicator.change_points.all()
    ]
    context = {
        "nav": "trends",
        "indicator": indicator,
        "form": form,
        "points": points,
        "back": reverse("trends:indicator", args=[indicator.code]),
    }
    return render(request, "trends/change_points.html", context)


@require_POST
def change_point_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    _require_admin(request)
    indicator = get_object_or_404(Indicator.objects.visible_to(request.user), code=code)
    point = get_object_or_404(ChangePoint, pk=pk, indicator=indicator)
    label = indicator.period_label(point.period_start)
    point.delete()
    messages.success(request, f"The limits no longer start again from {label}")
    return HttpResponseRedirect(reverse("trends:change_points", args=[indicator.code]))


@require_POST
def catalogue_starter(request: HttpRequest) -> HttpResponse:
    """Add the starter catalogue's indicators that are not in the catalogue yet."""
    _require_admin(request)
    with transaction.atomic():
        added, _kept = catalogue_load_starter()
    if added:
        messages.success(
            request,
            f"{added} indicator{'s' if added != 1 else ''} added from the starter catalogue",
        )
    else:
        messages.success(request, "Every starter indicator is already in the catalogue")
    return HttpResponseRedirect(reverse("trends:catalogue"))
