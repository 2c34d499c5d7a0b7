"""One rule for the client's address (luoshi.core.client_address)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory, override_settings

from luoshi.core.client_address import address_group, client_address


def request(remote: str = "127.0.0.1", forwarded: str | None = None):  # type: ignore[no-untyped-def]
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_a_proxy_the_peer_counts_and_forwarded_headers_are_ignored():
    assert client_address(request("203.0.113.5", "198.51.100.1")) == "203.0.113.5"
    assert client_address(RequestFactory().get("/", REMOTE_ADDR="", HTTP_X_REAL_IP="1.2.3.4")) == (
        "unknown"
    )


@override_settings(BEHIND_PROXY=True)
@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("198.51.100.1", "198.51.100.1"),
        ("10.0.0.1, 198.51.100.1", "198.51.100.1"),  # only the entry the proxy appended
        ("10.0.0.1,198.51.100.1 ", "198.51.100.1"),
        ("203.0.113.9:51234", "203.0.113.9"),
        ("[2001:db8::7]:443", "2001:db8::7"),
        ("::ffff:198.51.100.2", "198.51.100.2"),
        ("198.51.100.1, garbage", "127.0.0.1"),  # not an address: the peer, not the claim
        ("", "127.0.0.1"),
        (None, "127.0.0.1"),
    ],
)
def test_behind_the_proxy_the_last_forwarded_entry_counts(forwarded, expected):
    assert client_address(request("127.0.0.1", forwarded)) == expected


def test_an_ipv6_client_is_counted_by_its_64_network():
    assert address_group("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert address_group("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert address_group("198.51.100.1") == "198.51.100.1"
    assert address_group("unknown") == "unknown"
