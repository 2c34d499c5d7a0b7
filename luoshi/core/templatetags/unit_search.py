"""`{{ unit.name|pinyin_initials }}`: the data-initials of a unit <option> written by hand in a
template, so unit_picker.js finds it by pinyin initials as it does the widgets' options."""

from __future__ import annotations

from django import template

from luoshi.core.widgets import pinyin_initials as initials_of

register = template.Library()


@register.filter
def pinyin_initials(name: str) -> str:
    return initials_of(str(name or ""))
