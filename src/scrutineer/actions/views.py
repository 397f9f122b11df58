"""Pages of the action tracker: the filtered list and its CSV export, a recommendation, an action.

Every page reads through ``visible_to``; who may change an action is ``Action.can_be_edited_by``.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from scrutineer.core.accesslog import record_access

from . import export
from .forms import ActionForm, FilterForm, ManualRecommendationForm, ProgressForm
from .models import Action, Recommendation, Status, manages_recommendations
from .services import recommendation_create

MANUAL_SOURCE = "actions.manual"


def _filters(request: HttpRequest) -> FilterForm:
    sources = (
        Recommendation.objects.visible_to(request.user)
        .order_by("source_label", "source_type", "source_id")
        .values_list("source_type", "source_id", "source_label")
        .distinct()
    )
    choices = [(f"{kind}:{pk}", label) for kind, pk, label in sources]
    return FilterForm(request.GET or None, sources=choices)


def index(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    filters = _filters(request)
    actions = filters.apply(Action.objects.visible_to(request.user).for_list(), today=today)
    actions_list = list(actions)
    query = request.GET.urlencode()
    context = {
        "nav": "actions",
        "filters": filters,
        "actions": [(action, action.is_overdue(today)) for action in actions_list],
        "overdue_count": sum(1 for a in actions_list if a.is_overdue(today)),
        "export_url": reverse("actions:export") + (f"?{query}" if query else ""),
        "can_add": manages_recommendations(request.user),
    }
    return render(request, "actions/index.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered list as CSV, written to the access log as an export."""
    today = timezone.localdate()
    filters = _filters(request)
    actions = list(filters.apply(Action.objects.visible_to(request.user).for_list(), today=today))
    record_access(
        request,
        action="export",
        object_type="actions.action",
        description=f"Action tracker CSV, {len(actions)} actions ({filters.describe()})"[:300],
    )
    writer = csv.writer(_Echo())
    lines = [writer.writerow(export.headers())]
    lines += [writer.writerow(row) for row in export.rows(actions, today=today)]
    response = StreamingHttpResponse(iter(lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="actions-{today:%Y-%m-%d}.csv"'
    return response


def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    recommendation = get_object_or_404(
        Recommendation.objects.visible_to(request.user).prefetch_related("priorities"), pk=pk
    )
    actions = recommendation.actions.select_related("owner_agency", "lead")
    context = {
        "nav": "actions",
        "recommendation": recommendation,
        "actions": [(action, action.is_overdue(today)) for action in actions],
        "can_add": manages_recommendations(request.user),
    }
    return render(request, "actions/recommendation.html", context)


def recommendation_add(request: HttpRequest) -> HttpResponse:
    if not manages_recommendations(request.user):
        raise PermissionDenied
    form = ManualRecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recommendation = recommendation_create(
            source_type=MANUAL_SOURCE,
            source_id="",
            source_label=form.cleaned_data["source_label"],
            reference=form.cleaned_data["reference"],
            text=form.cleaned_data["text"],
            priorities=form.cleaned_data["priorities"],
            created_by=request.user,
        )
        messages.success(request, "Recommendation added. Now add the actions that answer it.")
        return HttpResponseRedirect(reverse("actions:recommendation", args=[recommendation.pk]))
    return _form_page(request, form, title="Add a recommendation", back=reverse("actions:index"))


def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation.objects.visible_to(request.user), pk=pk)
    if not manages_recommendations(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = ActionForm(
        request.POST or None, instance=Action(recommendation=recommendation), today=today
    )
    back = reverse("actions:recommendation", args=[recommendation.pk])
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            action = form.save()
        messages.success(request, "Action added")
        return HttpResponseRedirect(reverse("actions:action", args=[action.pk]))
    return _form_page(
        request, form, title="Add an action", back=back, recommendation=recommendation
    )


def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    action = get_object_or_404(Action.objects.visible_to(request.user).for_list(), pk=pk)
    context = {
        "nav": "actions",
        "action": action,
        "overdue": action.is_overdue(today),
        "can_edit": action.can_be_edited_by(request.user),
    }
    return render(request, "actions/action.html", context)


def action_edit(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.visible_to(request.user).for_list(), pk=pk)
    if not action.can_be_edited_by(request.user):
        raise PermissionDenied
    form_class = ActionForm if action.can_be_replanned_by(request.user) else ProgressForm
    form = form_class(request.POST or None, instance=action, today=timezone.localdate())
    back = reverse("actions:action", args=[action.pk])
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, "Action updated")
        return HttpResponseRedirect(back)
    return _form_page(
        request,
        form,
        title="Update the action",
        back=back,
        recommendation=action.recommendation,
        action=action,
    )


def _form_page(
    request: HttpRequest, form: Any, *, title: str, back: str, **extra: Any
) -> HttpResponse:
    context = {"nav": "actions", "form": form, "title": title, "back": back, **extra}
    context["statuses"] = Status
    return render(request, "actions/form.html", context)
