"""The full-text index over SearchEntry.tokens: FTS5 + triggers on SQLite, GIN on PostgreSQL.

Not expressible as Django fields; see luoshi/core/search/schema.py.
"""

from django.db import migrations


def install(apps, schema_editor):
    from luoshi.core.search import schema

    schema.install(schema_editor.connection)


def uninstall(apps, schema_editor):
    from luoshi.core.search import schema

    schema.uninstall(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0002_searchentry")]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
