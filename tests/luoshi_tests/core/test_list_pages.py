"""A paged list turns its page with its filters kept, and nothing else of the request."""

from django.test import RequestFactory

from luoshi.core.list_pages import kept_filters


def test_the_filters_given_are_kept_and_the_page_is_not():
    request = RequestFactory().get(
        "/x/", {"state": "waiting", "overdue": "1", "page": "3", "q": ""}
    )
    assert kept_filters(request, "state", "overdue", "q") == "state=waiting&overdue=1"
    assert kept_filters(request, "page") == "page=3"  # only what is named
    assert kept_filters(RequestFactory().get("/x/"), "state") == ""
