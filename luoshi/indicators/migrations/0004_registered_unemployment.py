"""城镇登记失业率 is its own indicator, no longer a synonym of 城镇调查失业率 (issue 11: two
quantities never share a key)."""

from django.db import migrations


def split(apps, schema_editor):
    from luoshi.indicators.catalogue import catalogue_rows

    Indicator = apps.get_model("indicators", "Indicator")
    surveyed = Indicator.objects.filter(code="urban-unemployment").first()
    if surveyed is not None:
        surveyed.synonyms = [s for s in surveyed.synonyms if "登记" not in s] or ["调查失业率"]
        surveyed.save(update_fields=["synonyms"])
    if not Indicator.objects.filter(code="urban-registered-unemployment").exists():
        row = next(r for r in catalogue_rows() if r["code"] == "urban-registered-unemployment")
        if not Indicator.objects.filter(name=row["name"]).exists():
            Indicator.objects.create(**row)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_load_catalogue")]
    operations = [migrations.RunPython(split, migrations.RunPython.noop)]
