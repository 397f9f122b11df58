"""Business unit pages to manage the partnership, its agencies, people, priorities and sub-groups.

Views stay thin: parse the form, save, say so, redirect. Every page here is for the business
unit only (``business_unit_required``).
"""

from __future__ import annotations

from typing import Any

from axes.utils import reset as axes_reset
from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Model, Q
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from .forms import AgencyForm, PartnershipForm, PersonForm, PriorityForm, SubGroupForm
from .models import ROLE_DESCRIPTIONS, Agency, Partnership, Priority, Role, SubGroup, User
from .permissions import business_unit_required


def _edit(
    request: HttpRequest,
    form_class: type[ModelForm],
    instance: Model | None,
    *,
    title: str,
    success: str,
    back: str,
    template: str = "partnership/edit.html",
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a form for one record; on a valid POST save it, say so and go back to the list."""
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            saved = form.save()
        messages.success(request, success.format(saved))
        return HttpResponseRedirect(back)
    context = {"form": form, "title": title, "back": back, "nav": "partnership", **(extra or {})}
    return render(request, template, context)


@business_unit_required
def index(request: HttpRequest) -> HttpResponse:
    context = {
        "nav": "partnership",
        "agency_count": Agency.objects.filter(active=True).count(),
        "people_count": User.objects.active().count(),
        "priority_count": Priority.objects.filter(active=True).count(),
        "subgroup_count": SubGroup.objects.filter(active=True).count(),
    }
    return render(request, "partnership/index.html", context)


@business_unit_required
def partnership_edit(request: HttpRequest) -> HttpResponse:
    return _edit(
        request,
        PartnershipForm,
        Partnership.load(),
        title="Partnership details",
        success="Partnership details saved",
        back=reverse("partnership:index"),
    )


@business_unit_required
def agency_list(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.annotate(
        people_count=Count("people", filter=Q(people__is_active=True))
    )
    return render(
        request, "partnership/agency_list.html", {"agencies": agencies, "nav": "partnership"}
    )


@business_unit_required
def agency_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    agency = get_object_or_404(Agency, pk=pk) if pk else None
    return _edit(
        request,
        AgencyForm,
        agency,
        title=f"Change {agency}" if agency else "Add an agency",
        success="{} saved",
        back=reverse("partnership:agencies"),
    )


@business_unit_required
def person_list(request: HttpRequest) -> HttpResponse:
    people = User.objects.visible_to(request.user).select_related("agency")
    role = request.GET.get("role", "")
    if role in Role.values:
        people = people.filter(role=role)
    context = {
        "people": people,
        "roles": Role.choices,
        "role": role,
        "nav": "partnership",
        "role_descriptions": [
            (Role(value).label, text) for value, text in ROLE_DESCRIPTIONS.items()
        ],
    }
    return render(request, "partnership/person_list.html", context)


@business_unit_required
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    person = get_object_or_404(User, pk=pk) if pk else None
    extra: dict[str, Any] = {}
    if person is not None:
        extra["person"] = person
        extra["has_device"] = TOTPDevice.objects.filter(user=person, confirmed=True).exists()
    return _edit(
        request,
        PersonForm,
        person,
        title=f"Change {person.get_full_name() or person.username}" if person else "Add a person",
        success="{} saved",
        back=reverse("partnership:people"),
        template="partnership/person_edit.html",
        extra=extra,
    )


@business_unit_required
@require_POST
def person_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    TOTPDevice.objects.filter(user=person).delete()
    messages.success(
        request,
        f"Two-factor authentication reset for {person.get_full_name() or person.username}: "
        "they will set up their app again when they next sign in",
    )
    return HttpResponseRedirect(reverse("partnership:person", args=[person.pk]))


@business_unit_required
@require_POST
def person_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    axes_reset(username=person.username)
    messages.success(request, f"{person.get_full_name() or person.username} can sign in again")
    return HttpResponseRedirect(reverse("partnership:person", args=[person.pk]))


@business_unit_required
def priority_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "partnership/priority_list.html",
        {"priorities": Priority.objects.all(), "nav": "partnership"},
    )


@business_unit_required
def priority_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    priority = get_object_or_404(Priority, pk=pk) if pk else None
    return _edit(
        request,
        PriorityForm,
        priority,
        title="Change priority" if priority else "Add a priority",
        success="Priority saved",
        back=reverse("partnership:priorities"),
    )


@business_unit_required
def subgroup_list(request: HttpRequest) -> HttpResponse:
    subgroups = SubGroup.objects.select_related("chair").prefetch_related("priorities")
    return render(
        request, "partnership/subgroup_list.html", {"subgroups": subgroups, "nav": "partnership"}
    )


@business_unit_required
def subgroup_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    subgroup = get_object_or_404(SubGroup, pk=pk) if pk else None
    return _edit(
        request,
        SubGroupForm,
        subgroup,
        title=f"Change {subgroup}" if subgroup else "Add a sub-group",
        success="{} saved",
        back=reverse("partnership:subgroups"),
    )
