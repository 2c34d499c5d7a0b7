"""ColourPreset moves to core, the lowest layer, so that indicators can read it as tasks do.

State only: the table (tasks_colourpreset) and its rows stay where they are; core's model keeps
the table name (core 0004_colourpreset takes the model over in the migration state).
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("tasks", "0002_task_commitment")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ColourPreset")],
            database_operations=[],
        )
    ]
