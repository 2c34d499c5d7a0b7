import pytest
from django.core.exceptions import ValidationError

from luoshi.core.action_log import delete_with_log, log_action, save_with_log
from luoshi.core.models import ActionLog, AppendOnlyError, Unit, Visibility
from luoshi.core.services import unit_create, unit_update

pytestmark = pytest.mark.django_db


def test_a_logged_entry_cannot_be_updated_or_deleted_through_the_orm(world, admin_user):
    entry = log_action(actor=admin_user, verb="test.happened", target=world.bureau)

    entry.verb = "test.rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        ActionLog.objects.filter(pk=entry.pk).update(verb="x")
    with pytest.raises(AppendOnlyError):
        ActionLog.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AppendOnlyError):
        ActionLog.objects.bulk_update([entry], ["verb"])

    entry.refresh_from_db()
    assert entry.verb == "test.happened"


def test_save_with_log_records_actor_target_and_only_the_changed_fields(world, admin_user):
    unit = unit_create(actor=admin_user, region=world.county, name="甲县统计局")
    created = ActionLog.objects.get(verb="unit.created", target_id=str(unit.pk))
    assert created.actor == admin_user
    assert created.before is None
    assert created.after["name"] == "甲县统计局"
    assert created.target_repr == "甲县统计局"

    unit_update(actor=admin_user, unit=unit, changes={"phone": "0901-1234567"})
    updated = ActionLog.objects.get(verb="unit.updated", target_id=str(unit.pk))
    assert updated.before == {"phone": ""}
    assert updated.after == {"phone": "0901-1234567"}
    assert updated.visibility == Visibility.PUBLIC


def test_a_failed_validation_writes_neither_the_row_nor_the_log(world, admin_user):
    before_units, before_log = Unit.objects.count(), ActionLog.objects.count()
    with pytest.raises(ValidationError):
        unit_create(actor=admin_user, region=world.county, name="甲县发展和改革局")  # duplicate
    assert (Unit.objects.count(), ActionLog.objects.count()) == (before_units, before_log)


def test_a_crash_after_the_save_rolls_the_row_back(world, admin_user, monkeypatch):
    def broken_log(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("luoshi.core.action_log.log_action", broken_log)
    before_units = Unit.objects.count()
    with pytest.raises(RuntimeError):
        unit_create(actor=admin_user, region=world.county, name="甲县审计局")
    assert Unit.objects.count() == before_units
    assert not Unit.objects.filter(name="甲县审计局").exists()


def test_delete_with_log_keeps_the_last_state(world, admin_user):
    unit = world.other_bureau
    delete_with_log(actor=admin_user, instance=unit, verb="unit.deleted")
    entry = ActionLog.objects.get(verb="unit.deleted")
    assert entry.before["name"] == "乙县发展和改革局"
    assert not Unit.objects.filter(pk=unit.pk).exists()


def test_passwords_never_reach_the_log(world, admin_user):
    from luoshi.accounts.services import user_create

    user_create(actor=admin_user, username="newcomer", password="A-long-unusual-pass-9")
    entry = ActionLog.objects.get(verb="user.created")
    assert "password" not in entry.after
    assert "A-long-unusual-pass-9" not in str(entry.after)


def test_system_actions_have_no_actor(world):
    entry = save_with_log(actor=None, instance=world.bureau, verb="unit.touched")
    assert entry.pk == world.bureau.pk
    assert ActionLog.objects.get(verb="unit.touched").actor is None
