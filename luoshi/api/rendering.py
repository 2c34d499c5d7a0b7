"""How the API writes JSON: readable Chinese, and figures as numbers."""

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder


class NumbersEncoder(NinjaJSONEncoder):
    """A Decimal (an amount, a rate, a percent) is a JSON number, as every client expects:
    70.0, not "70.0"; 24156.72, not "24156.7200000000"."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            if not o.is_finite():
                return None
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


class ReadableJSONRenderer(JSONRenderer):
    """UTF-8 JSON: Chinese stays readable in responses and logs instead of \\u escapes."""

    def render(self, request: HttpRequest, data: Any, *, response_status: int) -> Any:
        return json.dumps(data, cls=NumbersEncoder, ensure_ascii=False)
