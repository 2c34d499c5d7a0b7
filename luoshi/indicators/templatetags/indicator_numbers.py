"""`{{ value|plain }}`: a stored decimal as people write it (12.5000 → 12.5, 100 → 100)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from luoshi.indicators.table_display import plain_number, rate_number

register = template.Library()


@register.filter
def plain(value: Decimal | None) -> str:
    return plain_number(value)


@register.filter
def rate(value: Decimal | None) -> str:
    return rate_number(value)
