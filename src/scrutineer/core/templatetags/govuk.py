"""Template helpers that render Django forms as GOV.UK Design System components.

``{% govuk_field form.name %}`` picks the component from the widget (input, textarea, select,
radios, checkboxes, single checkbox, date, file) and wires up the label, hint, error message
and ``aria-describedby`` the way the Design System does. ``{% govuk_error_summary form %}``
renders the error summary that links to each field in error.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.core.paginator import Page
from django.forms.boundfield import BoundField

register = template.Library()

INPUT_CLASS = {
    "input": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
    "file": "govuk-file-upload",
}


def component_for(widget: forms.Widget) -> str:
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it must be checked first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "select"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


@register.inclusion_tag("core/forms/field.html")
def govuk_field(field: BoundField, width: str = "", label_size: str = "") -> dict[str, Any]:
    widget = field.field.widget
    component = component_for(widget)
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
    classes = [INPUT_CLASS.get(component, "")]
    if field.errors and component in INPUT_CLASS:
        classes.append(f"{INPUT_CLASS[component]}--error")
    if width:
        classes.append(
            f"govuk-input--width-{width}" if width.isdigit() else f"govuk-!-width-{width}"
        )
    attrs: dict[str, Any] = {}
    if classes and component in INPUT_CLASS:
        attrs["class"] = " ".join(c for c in classes if c)
    if described_by and component not in ("radios", "checkboxes"):
        attrs["aria-describedby"] = " ".join(described_by)
    if component == "checkbox":
        attrs["class"] = "govuk-checkboxes__input"
    return {
        "field": field,
        "component": component,
        "widget_html": field.as_widget(attrs=attrs)
        if component not in ("radios", "checkboxes")
        else "",
        "described_by": " ".join(described_by),
        "label_size": label_size,
    }


@register.inclusion_tag("core/forms/error_summary.html")
def govuk_error_summary(*forms_: forms.BaseForm) -> dict[str, Any]:
    errors: list[tuple[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for message in form.non_field_errors():
            errors.append(("", str(message)))
        for field in form:
            for message in field.errors:
                anchor = field.auto_id
                if component_for(field.field.widget) in ("radios", "checkboxes"):
                    anchor = f"{field.auto_id}_0"
                errors.append((anchor, str(message)))
    return {"errors": errors}


@register.simple_tag(takes_context=True)
def nav_current(context: template.Context, app: str) -> bool:
    return bool(context.get("nav") == app)


@register.inclusion_tag("core/pagination.html")
def govuk_pagination(page: Page, query: str, label: str, target: str = "") -> dict[str, Any]:
    """GOV.UK pagination for a Django ``Page``: previous, numbered pages with ellipses, next.

    ``query`` is the rest of the URL's query string (filters), kept on every link; ``target``
    makes htmx swap only that element of the page when a link is followed.
    """
    numbers = list(page.paginator.get_elided_page_range(page.number, on_ends=1))
    return {
        "page": page,
        "query": query,
        "label": label,
        "target": target,
        "page_numbers": numbers,
        "ellipsis": page.paginator.ELLIPSIS,
    }
