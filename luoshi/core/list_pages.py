"""What a paged list keeps when it turns the page: its filters (`pagination.html` puts
``query_string`` before ``page=``)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest


def kept_filters(request: HttpRequest, *names: str) -> str:
    """The request's filters among `names`, those given, as a query string."""
    return urlencode({name: request.GET[name] for name in names if request.GET.get(name)})
