"""A notice's history (NoticeEvent) and the unit that asks for an extension or adjustment.

Notices written before keep their history: it is read back from the action log, which
recorded every step with its actor and moment and the fields the step changed (an answer or
note missing from an entry was the same as the one before it); a notice with no log entries
gets what its own fields still say. A request written before gets the requester's unit among
the task's units (the lead unit first), else the lead unit.
"""

from collections import defaultdict

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

STEP_OF_VERB = {
    "notice.issued": "issued",
    "notice.generated": "issued",
    "notice.received": "received",
    "notice.answered": "answered",
    "notice.sent_back": "sent_back",
    "notice.closed": "closed",
}
WRITER_ROLES = ("liaison", "unit_head")


def _from_log(event_model, notice, entries):
    answer, note = "", ""
    for entry in entries:
        after = entry.after or {}
        step = STEP_OF_VERB[entry.verb]
        text = ""
        if step == "issued":
            text = after.get("reason", notice.reason)
        elif step == "answered":
            answer = after.get("answer", answer)
            text = answer
        elif step in {"sent_back", "closed"}:
            note = after.get("review_note", note)
            text = note
        yield event_model(
            notice_id=notice.pk,
            step=step,
            text=text or "",
            actor_id=entry.actor_id,
            created_at=entry.created_at,
        )


def _from_fields(event_model, notice):
    def event(step, moment, text="", actor_id=None):
        return event_model(
            notice_id=notice.pk, step=step, text=text, actor_id=actor_id, created_at=moment
        )

    yield event("issued", notice.created_at, notice.reason, notice.issued_by_id)
    if notice.received_at:
        yield event("received", notice.received_at, actor_id=notice.received_by_id)
    if notice.answered_at and notice.answer:
        yield event("answered", notice.answered_at, notice.answer)
    if notice.state == "received" and notice.review_note:
        yield event("sent_back", notice.updated_at, notice.review_note)
    if notice.closed_at:
        yield event("closed", notice.closed_at, notice.review_note)


def notice_history_from_log(apps, schema_editor):
    notice_model = apps.get_model("tasks", "Notice")
    event_model = apps.get_model("tasks", "NoticeEvent")
    log_model = apps.get_model("core", "ActionLog")
    content_type_model = apps.get_model("contenttypes", "ContentType")
    content_type = content_type_model.objects.filter(app_label="tasks", model="notice").first()
    entries = defaultdict(list)
    if content_type is not None:
        logged = log_model.objects.filter(target_type=content_type, verb__in=list(STEP_OF_VERB))
        for entry in logged.order_by("id").iterator():
            entries[entry.target_id].append(entry)
    with_history = set(event_model.objects.values_list("notice_id", flat=True))
    events = []
    for notice in notice_model.objects.exclude(pk__in=with_history).order_by("pk").iterator():
        found = entries.get(str(notice.pk))
        if found:
            events.extend(_from_log(event_model, notice, found))
        else:
            events.extend(_from_fields(event_model, notice))
    event_model.objects.bulk_create(events, batch_size=1000)


def request_units(apps, schema_editor):
    request_model = apps.get_model("tasks", "ChangeRequest")
    membership_model = apps.get_model("accounts", "Membership")
    for request in request_model.objects.filter(unit__isnull=True).select_related("task"):
        task = request.task
        units = [task.lead_unit_id, *task.co_units.values_list("pk", flat=True)]
        mine = set(
            membership_model.objects.filter(
                user_id=request.requested_by_id, role__in=WRITER_ROLES
            ).values_list("unit_id", flat=True)
        )
        request.unit_id = next((unit for unit in units if unit in mine), task.lead_unit_id)
        request.save(update_fields=["unit"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0003_searchentry_fulltext"),
        ("tasks", "0003_colourpreset_moves_to_core"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="changerequest",
            name="unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.unit",
                verbose_name="申请单位",
            ),
        ),
        migrations.CreateModel(
            name="NoticeEvent",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "step",
                    models.CharField(
                        choices=[
                            ("issued", "下发"),
                            ("received", "签收"),
                            ("answered", "反馈办理情况"),
                            ("sent_back", "退回重办"),
                            ("closed", "办结"),
                        ],
                        max_length=10,
                        verbose_name="环节",
                    ),
                ),
                ("text", models.TextField(blank=True, verbose_name="内容")),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
                ),
                (
                    "actor",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="办理人",
                    ),
                ),
                (
                    "notice",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="events",
                        to="tasks.notice",
                    ),
                ),
            ],
            options={
                "verbose_name": "督办单办理记录",
                "verbose_name_plural": "督办单办理记录",
                "ordering": ["notice", "created_at", "id"],
                "indexes": [
                    models.Index(
                        fields=["notice", "created_at"], name="tasks_notic_notice__25756f_idx"
                    )
                ],
            },
        ),
        migrations.RunPython(notice_history_from_log, migrations.RunPython.noop),
        migrations.RunPython(request_units, migrations.RunPython.noop),
    ]
