"""`luoshi dumpdata`: Django's dumpdata, leaving out models that have no table.

Django dumps unmanaged models too (their tables are someone else's, but exist). django_rq
declares one that has none — `Dashboard`, only there to put its page in the admin — so
Django's own command stops at "no such table: django_rq_dashboard". This one adds every
unmanaged model whose table (or view) is missing from the database to `--exclude`; every
other option and model is Django's.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.commands import dumpdata
from django.db import connections


def tableless_models(using: str) -> list[str]:
    """Labels (app_label.ModelName) of the unmanaged models whose table does not exist."""
    with connections[using].cursor() as cursor:
        existing = set(connections[using].introspection.table_names(cursor, include_views=True))
    return sorted(
        model._meta.label
        for model in apps.get_models()
        if not model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table not in existing
    )


class Command(dumpdata.Command):
    help = (
        dumpdata.Command.help
        + " Unmanaged models without a table (such as django_rq's admin link) are left out."
    )

    def handle(self, *app_labels: str, **options: Any) -> None:
        options["exclude"] = [*options["exclude"], *tableless_models(options["database"])]
        super().handle(*app_labels, **options)
