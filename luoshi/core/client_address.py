"""Which address a request came from: one rule for everything that counts per client (the
public-opinion flood limit, sign-in lockouts — django-axes takes `client_address` as its
AXES_CLIENT_IP_CALLABLE).

- Without `LUOSHI_BEHIND_PROXY` (settings.BEHIND_PROXY), the address is the peer of the TCP
  connection (REMOTE_ADDR). X-Forwarded-For and X-Real-IP are ignored: any client can send
  them, and trusting them would let one machine pose as a thousand.
- Behind our own reverse proxy (LUOSHI_BEHIND_PROXY=true), every request's peer is the proxy,
  so the address is the one the proxy reports: the LAST entry of X-Forwarded-For, which is the
  one the proxy appended itself (nginx `$proxy_add_x_forwarded_for`, Caddy, Apache
  mod_proxy). Entries before it were sent by the client and prove nothing. X-Real-IP is not
  used: proxies set it only when told to, while every one of them appends to X-Forwarded-For.
  One proxy in front is assumed; a chain of proxies would need to say how many entries to
  skip, which no deployment of ours has needed.

An entry that is not an IP address (garbage, or a header the proxy did not write) falls back
to the connection's peer rather than to a key the client chose.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "unknown"


def _parsed(raw: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = (raw or "").strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # 203.0.113.7:51234
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:203.0.113.7 is 203.0.113.7
    return address


def client_address(request: HttpRequest) -> str:
    """The client's IP address as text, by the rule above; "unknown" when there is none."""
    peer = _parsed(request.META.get("REMOTE_ADDR"))
    if getattr(settings, "BEHIND_PROXY", False):
        forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR") or "")
        reported = _parsed(forwarded.rsplit(",", 1)[-1]) if forwarded.strip() else None
        if reported is not None:
            return str(reported)
    return str(peer) if peer is not None else UNKNOWN


def address_group(address: str) -> str:
    """What to count per client: an IPv4 address as it is, an IPv6 address by its /64 (one
    home or office line gets a whole /64 and can pick a new address in it at will)."""
    parsed = _parsed(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed) if parsed is not None else address
