"""Workflows of the action tracker that other apps call, and the overdue escalation.

Other apps (reviews today; audits and challenges later) never touch these models directly:
they create and find recommendations here, naming themselves as the source.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string

from scrutineer.partnership.models import Partnership, Priority, Role, User

from .models import Action, Recommendation


def recommendation_create(
    *,
    source_type: str,
    source_id: str | int,
    source_label: str,
    text: str,
    reference: str = "",
    priorities: Iterable[Priority] = (),
    created_by: Any = None,
) -> Recommendation:
    """Record a recommendation made by another part of Scrutineer (or typed in by hand)."""
    with transaction.atomic():
        recommendation = Recommendation.objects.create(
            source_type=source_type,
            source_id=str(source_id),
            source_label=source_label,
            reference=reference,
            text=text,
            created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        )
        recommendation.priorities.set(list(priorities))
    return recommendation


def recommendation_ensure(
    *,
    source_type: str,
    source_id: str | int,
    source_label: str,
    reference: str,
    text: str,
    priorities: Iterable[Priority] = (),
) -> Recommendation:
    """Create or update the recommendation a source numbers ``reference``: for loaders and
    importers that must be safe to run twice (the demo)."""
    with transaction.atomic():
        recommendation, _ = Recommendation.objects.update_or_create(
            source_type=source_type,
            source_id=str(source_id),
            reference=reference,
            defaults={"source_label": source_label, "text": text},
        )
        recommendation.priorities.set(list(priorities))
    return recommendation


def recommendations_relabel(*, source_type: str, source_id: str | int, source_label: str) -> int:
    """Keep the label in step when the source is renamed (a review is renamed, say)."""
    return (
        Recommendation.objects.for_source(source_type, source_id)
        .exclude(source_label=source_label)
        .update(source_label=source_label)
    )


def recommendations_for(*, source_type: str, source_id: str | int, user: Any) -> Any:
    """A source's recommendations with their actions, as this person may see them."""
    return (
        Recommendation.objects.visible_to(user)
        .for_source(source_type, source_id)
        .prefetch_related(
            Prefetch("actions", queryset=Action.objects.select_related("owner_agency", "lead"))
        )
    )


# ---- escalation ---------------------------------------------------------------------------


@dataclass
class EscalationReport:
    sent: list[tuple[Action, list[str]]] = field(default_factory=list)
    already_today: int = 0
    nobody_to_tell: list[Action] = field(default_factory=list)


def escalation_recipients(action: Action) -> list[str]:
    """The owning agency's leads, the action's lead person, and the business unit."""
    addresses: list[str] = []
    leads = User.objects.active().filter(role=Role.AGENCY_LEAD, agency=action.owner_agency)
    addresses += [person.email for person in leads]
    if action.lead is not None and action.lead.is_active:
        addresses.append(action.lead.email)
    partnership = Partnership.load()
    if partnership is not None and partnership.business_unit_email:
        addresses.append(partnership.business_unit_email)
    else:
        addresses += [u.email for u in User.objects.active().filter(role=Role.BUSINESS_UNIT)]
    seen: dict[str, None] = {}
    for address in addresses:
        if address:
            seen.setdefault(address.lower(), None)
    return list(seen)


def actions_escalate(*, today: dt.date, site_url: str = "") -> EscalationReport:
    """E-mail about every overdue action, at most once per action per day.

    Idempotent per day: an action is claimed by a conditional UPDATE of ``last_escalated_on``
    before its e-mail goes, so running the command twice (or two at once) sends one e-mail.
    If sending fails, the claim is put back so the next run tries again.
    """
    report = EscalationReport()
    overdue = Action.objects.overdue(today).select_related("owner_agency", "lead", "recommendation")
    for action in overdue:
        if action.last_escalated_on == today:
            report.already_today += 1
            continue
        recipients = escalation_recipients(action)
        if not recipients:
            report.nobody_to_tell.append(action)
            continue
        previous = action.last_escalated_on
        claimed = (
            Action.objects.filter(pk=action.pk, last_escalated_on=previous)
            .exclude(last_escalated_on=today)
            .update(last_escalated_on=today)
        )
        if not claimed:
            report.already_today += 1
            continue
        context = {
            "action": action,
            "today": today,
            "days_overdue": (today - action.due_on).days,
            "url": f"{site_url.rstrip('/')}/actions/{action.pk}/",
        }
        message = EmailMessage(
            subject=f"Overdue action for {action.owner_agency.label}: "
            f"{action.recommendation.source_label}",
            body=render_to_string("actions/escalation_email.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=recipients,
        )
        try:
            message.send()
        except Exception:
            Action.objects.filter(pk=action.pk).update(last_escalated_on=previous)
            raise
        report.sent.append((action, recipients))
    return report
