"""Loading the demo world through the same services every other write uses."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from django.db import transaction

from luoshi.accounts.models import Role, User
from luoshi.accounts.services import membership_grant, user_create
from luoshi.core.models import Region, RegionSource, Unit
from luoshi.core.services import region_create, unit_create, unit_update
from luoshi.demo import dataset


@dataclass
class DemoLoadResult:
    regions_created: int = 0
    units_created: int = 0
    users_created: list[str] = field(default_factory=list)
    admin_password: str | None = None
    demo_password: str | None = None


def generate_password() -> str:
    # Readable for a person typing it from the terminal: no 0/O or 1/l confusion.
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(14))


def demo_load() -> DemoLoadResult:
    """Create whatever part of the demo world is missing; never changes what exists."""
    result = DemoLoadResult()
    with transaction.atomic():
        regions = {
            r.code: r for r in Region.objects.filter(code__in=[d.code for d in dataset.REGIONS])
        }
        for spec in dataset.REGIONS:
            if spec.code in regions:
                continue
            regions[spec.code] = region_create(
                actor=None,
                code=spec.code,
                name=spec.name,
                level=spec.level,
                kind=spec.kind,
                parent=regions[spec.parent_code] if spec.parent_code else None,
                source=RegionSource.DEMO,
            )
            result.regions_created += 1

        units: dict[str, Unit] = {}
        for order, unit_spec in enumerate(dataset.UNITS, start=1):
            region = regions[unit_spec.region_code]
            existing = Unit.objects.filter(region=region, name=unit_spec.name).first()
            if existing is not None:
                units[unit_spec.key] = existing
                continue
            units[unit_spec.key] = unit_create(
                actor=None,
                region=region,
                name=unit_spec.name,
                short_name=unit_spec.short_name,
                kind=unit_spec.kind,
                phone=unit_spec.phone,
                sort_order=order * 10,
            )
            result.units_created += 1
        for child_key, parent_key in dataset.UNIT_PARENTS.items():
            child = units[child_key]
            if child.parent_id is None:
                unit_update(actor=None, unit=child, changes={"parent": units[parent_key]})

        if not User.objects.filter(username=dataset.ADMIN_USERNAME).exists():
            result.admin_password = generate_password()
            admin = user_create(
                actor=None,
                username=dataset.ADMIN_USERNAME,
                password=result.admin_password,
                full_name="系统管理员",
                is_superuser=True,
            )
            membership_grant(
                actor=None, user=admin, unit=units[dataset.ADMIN_UNIT_KEY], role=Role.ADMIN
            )
            result.users_created.append(admin.username)

        for user_spec in dataset.USERS:
            if User.objects.filter(username=user_spec.username).exists():
                continue
            if result.demo_password is None:
                result.demo_password = generate_password()
            user = user_create(
                actor=None,
                username=user_spec.username,
                password=result.demo_password,
                full_name=user_spec.full_name,
                title=user_spec.title,
            )
            for unit_key, role in user_spec.memberships:
                membership_grant(actor=None, user=user, unit=units[unit_key], role=role)
            result.users_created.append(user.username)
    return result
