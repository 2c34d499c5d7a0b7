"""Load the built-in indicator catalogue (indicators/catalogue.py)."""

from django.db import migrations


def load(apps, schema_editor):
    from luoshi.indicators.catalogue import catalogue_rows

    Indicator = apps.get_model("indicators", "Indicator")
    existing = set(Indicator.objects.values_list("code", flat=True))
    Indicator.objects.bulk_create(
        [Indicator(**row) for row in catalogue_rows() if row["code"] not in existing]
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
