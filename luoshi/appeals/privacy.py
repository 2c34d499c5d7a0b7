"""Personal data of appeals (PIPL): how contact details are shown where they may be shown at
all, and the query code an anonymous citizen follows an appeal with.

Masked everywhere but for the unit handling the appeal (part of a later step): 139****5678,
张*. Never in the action log, a list, an export, the portal or search.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from django.conf import settings

# Without 0/O and 1/I/L: read out over the phone without mistakes.
CODE_LETTERS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6


def mask_phone(phone: str) -> str:
    """13912345678 → 139****5678; 0357-2345678 → 035****5678; short numbers all stars."""
    digits = phone.strip()
    if not digits:
        return ""
    if len(digits) < 8:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_name(name: str) -> str:
    """张三 → 张*; 欧阳娜娜 → 欧***."""
    name = name.strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def new_query_code() -> str:
    return "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))


def code_digest(number: str, code: str) -> str:
    """What is kept of a query code: a keyed hash bound to its appeal's number."""
    message = f"{number}:{code.strip().upper()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def same_phone(given: str, kept: str) -> bool:
    """Phones compared by their digits (139 1234 5678 is 13912345678)."""
    a = "".join(ch for ch in given if ch.isdigit())
    b = "".join(ch for ch in kept if ch.isdigit())
    return bool(a) and hmac.compare_digest(a, b)


# Long runs of digits (phones, identity cards, bank cards), spaces and dashes allowed inside.
NUMBERS = re.compile(r"\d(?:[\d\s-]{5,}\d)")


def masked(text: str) -> str:
    """`text` with every long run of digits replaced by ****."""
    return NUMBERS.sub("****", text)
