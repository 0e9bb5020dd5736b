"""Render Django form fields with GOV.UK Frontend markup (labels, hints, errors, fieldsets)."""

from __future__ import annotations

from django import forms, template

register = template.Library()

_CHECKBOX_GROUP = (forms.CheckboxSelectMultiple, forms.SelectMultiple)


def field_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, _CHECKBOX_GROUP):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    return "input"


@register.inclusion_tag("govuk/field.html")
def govuk_field(
    field: forms.BoundField, size: str = "s", width: str = "", hint: str = "", default=None
):
    """``{% govuk_field form.q size="m" width="20" %}``: label size s/m/l, input width class.

    ``default`` is shown when the field is empty (e.g. the radius a search used anyway).
    """
    kind = field_kind(field)
    value = field.value()
    if value in (None, "") and default is not None:
        value = default
    if kind == "checkboxes":
        selected = {str(v) for v in (value or [])}
    else:
        selected = {"" if value is None else str(value)}
    return {
        "field": field,
        "kind": kind,
        "size": size,
        "width": width,
        "hint": hint or field.help_text,
        "selected": selected,
        "choices": [(str(k), v) for k, v in getattr(field.field, "choices", [])]
        if kind in ("checkboxes", "radios", "select")
        else [],
        "checked": kind == "checkbox" and field.field.widget.check_test(value),
        "value": "" if value is None or kind in ("checkbox", "checkboxes") else value,
    }


@register.simple_tag(takes_context=True)
def query_string(context, **changes) -> str:
    """The current query string with some parameters replaced (None removes them)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value not in (None, ""):
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
