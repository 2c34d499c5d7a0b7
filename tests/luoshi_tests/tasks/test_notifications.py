"""Notifications (消息): written once per key, mailed after commit, read by their addressee."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from luoshi.tasks.models import Notification
from luoshi.tasks.services.notifications import (
    notification_mark_read,
    notifications_mark_all_read,
    notify,
)
from luoshi_tests.conftest import user_with_role
from luoshi_tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_keyed_notification_is_written_and_mailed_once(
    liaison, unit_head, mailoutbox, django_capture_on_commit_callbacks
):
    liaison.email = "liaison@example.gov.cn"
    liaison.save()
    with django_capture_on_commit_callbacks(execute=True):
        written = notify([liaison, unit_head, liaison], "请报送进展", "/tasks/notices/", key="k1")
    assert written == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([liaison, unit_head], "请报送进展", "/tasks/notices/", key="k1") == 0
    assert Notification.objects.filter(key="k1").count() == 2
    # Only the user with an address gets mail, and only the first time.
    assert [m.to for m in mailoutbox] == [["liaison@example.gov.cn"]]
    assert "请报送进展" in mailoutbox[0].subject
    assert "/tasks/notices/" in mailoutbox[0].body


def test_unkeyed_notifications_are_always_written_and_inactive_users_skipped(liaison):
    gone = UserFactory(username="gone", is_active=False)
    notify([liaison, gone], "一")
    notify([liaison], "一")
    assert Notification.objects.filter(user=liaison).count() == 2
    assert not Notification.objects.filter(user=gone).exists()


def test_a_rolled_back_write_sends_no_mail(liaison, mailoutbox, django_capture_on_commit_callbacks):
    liaison.email = "liaison@example.gov.cn"
    liaison.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify([liaison], "提醒", key="k2")
    # The callbacks wait for the commit; the test's transaction never commits.
    assert len(callbacks) == 1 and mailoutbox == []


def test_a_broken_mail_server_is_logged_not_raised(
    liaison, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    liaison.email = "liaison@example.gov.cn"
    liaison.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert notify([liaison], "提醒", key="k3") == 1
    assert Notification.objects.filter(user=liaison, key="k3").exists()
    assert "could not mail notification" in caplog.text


def test_marking_read_is_for_the_addressee_only(liaison, unit_head):
    notify([liaison], "一")
    notify([liaison], "二")
    mine = Notification.objects.filter(user=liaison).first()
    with pytest.raises(PermissionDenied):
        notification_mark_read(actor=unit_head, notification=mine)
    mine.refresh_from_db()
    assert mine.read_at is None
    assert notification_mark_read(actor=liaison, notification=mine).read_at is not None
    assert notifications_mark_all_read(actor=liaison) == 1
    assert notifications_mark_all_read(actor=unit_head) == 0
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_header_shows_the_unread_count(client_for, liaison, unit_head):
    notify([liaison], "一")
    notify([liaison], "二")
    notify([unit_head], "三")
    page = client_for(liaison).get(reverse("tasks:notifications")).content.decode()
    assert "消息 (2)" in page
    assert "一" in page and "三" not in page


def test_pages_read_one_or_all_and_never_someone_elses(client_for, liaison, unit_head):
    notify([liaison], "一", url=reverse("tasks:notice_list"))
    notify([unit_head], "二")
    first = Notification.objects.get(user=liaison)
    theirs = Notification.objects.get(user=unit_head)
    client = client_for(liaison)

    response = client.post(reverse("tasks:notification_read", args=[theirs.pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None

    response = client.post(reverse("tasks:notification_read", args=[first.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("tasks:notice_list")
    first.refresh_from_db()
    assert first.read_at is not None

    notify([liaison], "三")
    client.post(reverse("tasks:notifications_read_all"))
    assert not Notification.objects.filter(user=liaison, read_at__isnull=True).exists()
    assert "消息 (0)" in client.get(reverse("tasks:notifications")).content.decode()


def test_a_stored_link_elsewhere_is_not_followed(client_for, liaison):
    notify([liaison], "外链", url="https://example.com/phish")
    row = Notification.objects.get()
    response = client_for(liaison).post(
        reverse("tasks:notification_read", args=[row.pk]), {"open": "1"}
    )
    assert response["Location"] == reverse("tasks:notifications")


def test_the_notification_list_queries_do_not_grow(
    client_for, liaison, world, django_assert_max_num_queries
):
    client = client_for(liaison)
    notify([liaison], "一")
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse("tasks:notifications")).status_code == 200
    for i in range(30):
        notify([liaison], f"消息{i}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        assert client.get(reverse("tasks:notifications")).status_code == 200


def test_anonymous_visitors_see_no_count_and_are_sent_to_log_in(client, world):
    response = client.get(reverse("tasks:notifications"))
    assert response.status_code == 302
    user = user_with_role("someone", world.bureau, "liaison")
    assert not Notification.objects.filter(user=user).exists()
