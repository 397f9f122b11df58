"""The business unit's working-day calendar page: bank holidays, corrections, closure days, and a
calculator to check a clock by hand."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from . import calendar as cal
from .forms_calendar import CalculatorForm, ClosureDayForm, DateField, OverrideForm
from .models import BankHolidayOverride, ClosureDay


def _require_business_unit(request: HttpRequest) -> None:
    if not getattr(request.user, "can_administer", False):
        raise PermissionDenied


def calendar_page(request: HttpRequest) -> HttpResponse:
    _require_business_unit(request)
    closure_form = ClosureDayForm(prefix="closure")
    override_form = OverrideForm(prefix="override")
    if request.method == "POST":
        which = request.POST.get("form")
        if which == "closure":
            closure_form = ClosureDayForm(request.POST, prefix="closure")
            if closure_form.is_valid():
                try:
                    saved = cal.closure_day_add(**closure_form.cleaned_data)
                except cal.CalendarError as error:
                    closure_form.add_error("date", str(error))
                else:
                    messages.success(request, f"Closure day added: {saved.date:%-d %B %Y}")
                    return HttpResponseRedirect(reverse("calendar"))
        elif which == "override":
            override_form = OverrideForm(request.POST, prefix="override")
            if override_form.is_valid():
                try:
                    saved_override = cal.bank_holiday_override_add(**override_form.cleaned_data)
                except cal.CalendarError as error:
                    override_form.add_error("date", str(error))
                else:
                    messages.success(request, f"Bank holiday correction saved: {saved_override}")
                    return HttpResponseRedirect(reverse("calendar"))
    calculator = CalculatorForm(request.GET or None, prefix="calc")
    answer = ""
    if calculator.is_bound and calculator.is_valid():
        use = (
            cal.partnership_calendar
            if calculator.cleaned_data["with_closures"]
            else cal.statutory_calendar
        )
        answer = calculator.answer(use())
    today = timezone.localdate()
    context = {
        "nav": "partnership",
        "closure_form": closure_form,
        "override_form": override_form,
        "calculator": calculator,
        "answer": answer,
        "bank_holidays": cal.bank_holidays_between(
            dt.date(today.year, 1, 1), dt.date(today.year + 1, 12, 31)
        ),
        "closures": ClosureDay.objects.filter(date__gte=dt.date(today.year - 1, 1, 1)),
        "overrides": BankHolidayOverride.objects.all(),
        "years": (today.year, today.year + 1),
    }
    return render(
        request, "core/calendar.html", context, status=400 if request.method == "POST" else 200
    )


@require_POST
def calendar_remove(request: HttpRequest, what: str) -> HttpResponse:
    _require_business_unit(request)
    field = DateField()
    try:
        day = field.clean(request.POST.get("date", ""))
        if what == "closure":
            cal.closure_day_remove(date=day)
            messages.success(request, f"Closure day removed: {day:%-d %B %Y}")
        else:
            cal.bank_holiday_override_remove(date=day)
            messages.success(request, f"Bank holiday correction removed: {day:%-d %B %Y}")
    except ValidationError:
        messages.error(request, "Nothing was removed: the date was not a real date")
    except cal.CalendarError as error:  # a stale page: say so, change nothing
        messages.error(request, f"Nothing was removed: {error}")
    return HttpResponseRedirect(reverse("calendar"))
