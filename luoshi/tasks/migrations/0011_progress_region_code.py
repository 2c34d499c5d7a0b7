"""A progress report carries its task's region code (a task keeps its region), filled here for
the reports there are; 0012 then requires it and indexes it."""

from django.db import migrations, models

FILL = """
UPDATE tasks_progressreport SET region_code = (
    SELECT core_region.code FROM tasks_task
    JOIN core_region ON core_region.id = tasks_task.region_id
    WHERE tasks_task.id = tasks_progressreport.task_id
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0006_sheet_jobs"),
        ("tasks", "0010_progress_ever_returned_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressreport",
            name="region_code",
            field=models.CharField(
                default="", editable=False, max_length=9, verbose_name="地区代码"
            ),
            preserve_default=False,
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
