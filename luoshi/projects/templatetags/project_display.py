"""{% light row.colours.start "开工" %}: a warning light beside its word (never colour alone).
A tag rather than an included template: a list page shows 150 of them."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from luoshi.projects.colours import Light

register = template.Library()


@register.simple_tag
def light(value: Light, what: str) -> SafeString:
    if value.colour:
        return format_html(
            '<span class="light light-{}" title="{}：{}"></span>'
            '<span class="visually-hidden">{}{}：{}</span>',
            value.colour,
            what,
            value.reason,
            what,
            value.label,
            value.reason,
        )
    return format_html('<span class="muted" title="{}：{}">·</span>', what, value.reason)


@register.simple_tag
def options(choices: list[tuple[int, str]], selected: int | None) -> SafeString:
    """<option>s for a long list (a province's units): one join instead of a template loop."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((pk, mark_safe(" selected") if pk == selected else "", label) for pk, label in choices),
    )
