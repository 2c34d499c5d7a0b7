"""Schemas for what many resources point at, defined once (one name in the OpenAPI document)."""

from __future__ import annotations

from ninja import Schema


class UnitRef(Schema):
    """A unit as other records name it."""

    id: int
    name: str
    short_name: str
