"""How the API writes JSON: readable Chinese, figures as numbers, times in local time."""

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder


class NumbersEncoder(NinjaJSONEncoder):
    """A Decimal (an amount, a rate, a percent) is a JSON number, as every client expects:
    70.0, not "70.0"; 24156.72, not "24156.7200000000".

    A moment is written in the region's time zone (settings.TIME_ZONE) with its offset,
    2026-12-04T22:58:25+08:00, never as UTC (2026-12-04T14:58:25Z): the time a clerk sees on
    the page is the time a program reads from the API, and the offset keeps it exact. A date
    without a time stays 2026-12-04. One place for every schema and every operation."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            if not o.is_finite():
                return None
            return int(o) if o == o.to_integral_value() else float(o)
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            o = timezone.localtime(o)
        return super().default(o)


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON: Chinese stays readable in responses and logs instead of \\u escapes."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=NumbersEncoder, ensure_ascii=False)
