"""Building and keeping the open-data packages: one on demand when a reader asks for one that
was never built, all of them by the daily job (`luoshi open_data`, or its background task).
Each file is written whole, then the row points at it; the old file is removed after."""

from __future__ import annotations

from collections.abc import Iterator

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from luoshi.core.action_log import log_action
from luoshi.core.keyed_lock import hold_transaction_lock
from luoshi.core.models import Region
from luoshi.portal import selectors
from luoshi.portal.models import OpenDataPackage
from luoshi.portal.open_data import Scope, package_zip


def open_data_build(scope: Scope, *, log: bool = True) -> OpenDataPackage:
    """Build the scope's package now and keep it (replacing the one before)."""
    content, counts = package_zip(scope)
    name = default_storage.save(f"open-data/luoshi-{scope.key}.zip", ContentFile(content))
    stale = ""
    with transaction.atomic():
        hold_transaction_lock("open-data", scope.key)
        package = OpenDataPackage.objects.select_for_update().filter(key=scope.key).first()
        if package is None:
            package = OpenDataPackage(key=scope.key, region=scope.region, year=scope.year)
        else:
            stale = package.file.name or ""
        package.file.name = name
        package.size = len(content)
        package.counts = counts
        package.built_at = timezone.now()
        package.save()
        if log:
            log_action(actor=None, verb="open_data.generated", target=package, after=counts)
    if stale and stale != name:
        transaction.on_commit(lambda: default_storage.delete(stale))
    return package


def open_data_package(scope: Scope) -> OpenDataPackage:
    """The scope's package, built now if it never was."""
    package = OpenDataPackage.objects.filter(key=scope.key).first()
    return package if package is not None else open_data_build(scope)


def published_scopes() -> Iterator[Scope]:
    """The whole instance, and every region and year the portal publishes anything for."""
    yield Scope()
    pairs = set(selectors.published_targets().values_list("region_id", "year").distinct())
    pairs |= set(selectors.public_tasks_all().values_list("region_id", "year").distinct())
    regions = Region.objects.in_bulk({region_id for region_id, _year in pairs})
    for region_id, year in sorted(pairs, key=lambda p: (regions[p[0]].code, p[1])):
        yield Scope(regions[region_id], year)


def open_data_refresh() -> dict[str, int]:
    """Rebuild every package (the daily job); packages of scopes no longer published go."""
    built = 0
    keys = []
    for scope in published_scopes():
        open_data_build(scope, log=False)
        keys.append(scope.key)
        built += 1
    gone = 0
    for package in OpenDataPackage.objects.exclude(key__in=keys):
        if package.file.name:
            default_storage.delete(package.file.name)
        package.delete()
        gone += 1
    summary = {"packages": built, "removed": gone}
    log_action(actor=None, verb="open_data.generated", after=summary)
    return summary
