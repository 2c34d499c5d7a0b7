"""Password rules speak Chinese, and refuse passwords built on the user's name in pinyin."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from luoshi.accounts.models import User
from luoshi.accounts.password_rules import NamePinyinValidator
from luoshi.accounts.services import user_create
from luoshi_tests.accounts.signing_in import browser, post_form, sign_in
from luoshi_tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NAME_RULE = "password_like_name"


def refusal_codes(password: str, user: User) -> set[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return {e.code for e in error.error_list if e.code}
    return set()


@pytest.fixture
def zhang_wei(db: None) -> User:
    return UserFactory(username="zw_office", full_name="张伟")


@pytest.mark.parametrize(
    "password",
    [
        "zhangwei123",
        "Zhangwei@2026",
        "zw19900101",
        "ZW@2026-0101",
        "weizhang!888",
        "iLoveZhangWei",
        "Zhang.Wei.2026",
        "zhangw888888",
        "zwei@@2026",
        "wz20260101",
        "wei12345678",
    ],
)
def test_a_password_built_on_the_name_is_refused(zhang_wei, password):
    assert NAME_RULE in refusal_codes(password, zhang_wei)


@pytest.mark.parametrize(
    "password", ["Qingyuan-Test-2026", "zwx-Harbour-77", "Weather-Report-2026", "Zig-Wag-1990!"]
)
def test_other_passwords_pass_this_rule(zhang_wei, password):
    assert refusal_codes(password, zhang_wei) == set()


def test_compound_surnames_and_characters_with_several_readings(db):
    ouyang = UserFactory(username="u_oy", full_name="欧阳娜娜")
    assert NAME_RULE in refusal_codes("ouyangnana2026", ouyang)
    assert NAME_RULE in refusal_codes("NanaOuyang#1", ouyang)
    assert NAME_RULE in refusal_codes("oynn20260101", ouyang)
    shan = UserFactory(username="u_sxx", full_name="单雄信")
    # 单 is read shan as a surname, dan elsewhere: both are refused.
    assert NAME_RULE in refusal_codes("shanxiongxin88", shan)
    assert NAME_RULE in refusal_codes("danxiongxin88", shan)
    lv = UserFactory(username="u_lb", full_name="吕布")
    assert NAME_RULE in refusal_codes("lvbu2026!!", lv)
    assert NAME_RULE in refusal_codes("lubu2026!!", lv)


def test_first_and_last_name_fields_count_too(db):
    user = UserFactory(username="u_lmh", full_name="", last_name="李", first_name="明华")
    assert NAME_RULE in refusal_codes("minghuali1990", user)
    assert NAME_RULE in refusal_codes("lmh123456789", user)
    assert NAME_RULE in refusal_codes("Liminghua!23", user)


def test_the_username_counts_as_a_name(db):
    user = UserFactory(username="wangxiaoer", full_name="")
    assert NAME_RULE in refusal_codes("Wangxiaoer#2026", user)
    staff_number = UserFactory(username="20231234", full_name="")
    assert NAME_RULE in refusal_codes("ab20231234cd!", staff_number)
    assert refusal_codes("Qingyuan-Test-2026", staff_number) == set()


def test_the_rule_has_a_chinese_message_and_help_text(zhang_wei):
    with pytest.raises(ValidationError) as refused:
        NamePinyinValidator().validate("zhangwei2026", zhang_wei)
    assert "姓名拼音" in refused.value.messages[0]
    assert "zhangwei123" in NamePinyinValidator().get_help_text()


def test_creating_a_user_applies_the_rule(admin_user):
    with pytest.raises(ValidationError):
        user_create(actor=admin_user, username="lisi", full_name="李四", password="Lisi@20260101")
    assert not User.objects.filter(username="lisi").exists()


def test_the_password_change_page_explains_and_refuses_in_chinese(db):
    user = UserFactory(username="zw_page", full_name="张伟")
    client = browser()
    sign_in(client, user.username, TEST_PASSWORD)
    url = reverse("accounts:password_change")
    page = client.get(url).content.decode()
    # Django's own rules, in Django's Chinese, and ours.
    assert "你的密码必须包含至少 8 个字符。" in page
    assert "你的密码不能全都是数字。" in page
    assert "密码不能包含您的姓名拼音或用户名" in page

    response = post_form(
        client,
        url,
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "Zhangwei@2026",
            "new_password2": "Zhangwei@2026",
        },
    )
    assert response.status_code == 200
    assert "密码不能以您的姓名拼音、姓名首字母或用户名为主要内容" in response.content.decode()
    response = post_form(
        client,
        url,
        {"old_password": TEST_PASSWORD, "new_password1": "1234", "new_password2": "1234"},
    )
    text = response.content.decode()
    # Django 5.2's own wording of the length refusal has no Chinese in Django's catalogue.
    assert "密码太短，至少需要 8 个字符。" in text and "too short" not in text
    assert "这个密码太常见了" in text and "密码只包含数字" in text
    assert User.objects.get(pk=user.pk).check_password(TEST_PASSWORD)


def test_the_admin_set_password_page_refuses_in_chinese(superuser):
    target = UserFactory(username="zw_admin", full_name="张伟")
    client = browser()
    sign_in(client, superuser.username, TEST_PASSWORD)
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    page = client.get(url).content.decode()
    assert "密码不能包含您的姓名拼音或用户名" in page and "你的密码必须包含至少 8 个字符。" in page
    assert "现有的密码将会丢失" in page and "If disabled" not in page
    response = post_form(
        client,
        url,
        {"password1": "zw19900101", "password2": "zw19900101", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert "密码不能以您的姓名拼音、姓名首字母或用户名为主要内容" in response.content.decode()
    assert User.objects.get(pk=target.pk).check_password(TEST_PASSWORD)
