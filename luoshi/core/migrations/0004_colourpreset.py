"""ColourPreset, moved here from tasks (tasks 0003_colourpreset_moves_to_core), keeps its table.

State only: tasks 0001_initial created the table tasks_colourpreset and it holds the regions'
presets, so nothing is created, copied or rebuilt; the model now names that table itself.
"""

from decimal import Decimal

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_searchentry_fulltext"),
        ("tasks", "0003_colourpreset_moves_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ColourPreset",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                auto_now_add=True, db_index=True, verbose_name="创建时间"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="更新时间"),
                        ),
                        (
                            "yellow_points_behind",
                            models.DecimalField(
                                decimal_places=1,
                                default=Decimal("10"),
                                max_digits=5,
                                verbose_name="落后序时多少个百分点为黄",
                            ),
                        ),
                        (
                            "red_points_behind",
                            models.DecimalField(
                                decimal_places=1,
                                default=Decimal("30"),
                                max_digits=5,
                                verbose_name="落后序时超过多少个百分点为红",
                            ),
                        ),
                        (
                            "yellow_days_before_deadline",
                            models.PositiveSmallIntegerField(
                                default=3, verbose_name="距完成时限几天内为黄"
                            ),
                        ),
                        (
                            "ahead_points",
                            models.DecimalField(
                                decimal_places=1,
                                default=Decimal("10"),
                                max_digits=5,
                                verbose_name="超出序时多少个百分点为超进度",
                            ),
                        ),
                        (
                            "region",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="colour_preset",
                                to="core.region",
                                verbose_name="行政区划",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "预警规则",
                        "verbose_name_plural": "预警规则",
                        "db_table": "tasks_colourpreset",
                    },
                ),
            ],
            database_operations=[],
        )
    ]
