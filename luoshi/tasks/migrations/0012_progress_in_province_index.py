import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0011_progress_region_code"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="progressreport",
            constraint=models.CheckConstraint(
                condition=models.Q(("region_code", ""), _negated=True),
                name="progress_region_code_set",
            ),
        ),
        migrations.AddIndex(
            model_name="progressreport",
            index=models.Index(
                django.db.models.functions.text.Substr("region_code", 1, 2),
                models.F("period_end").desc(),
                models.F("id").desc(),
                models.F("region_code"),
                name="progress_in_province",
            ),
        ),
    ]
