"""A service's refusal (ValidationError) read one way everywhere: forms, page messages, the
API's error list and spreadsheet row errors all take its sentences from `refusal_items`."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def refusal_items(error: ValidationError) -> list[tuple[str, str]]:
    """(field, sentence) for each sentence of the refusal; the field is "" when none is named."""
    if not hasattr(error, "error_dict"):
        return [("", str(message)) for message in error.messages]
    return [
        ("" if field == NON_FIELD_ERRORS else field, str(message))
        for field, messages in error.message_dict.items()
        for message in messages
    ]
