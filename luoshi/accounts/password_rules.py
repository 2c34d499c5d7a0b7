"""Password rules of our own: no password built on the user's name in pinyin, or on the username;
and Django's length rule with its refusal in Chinese (see MinimumLengthValidator).

Django's UserAttributeSimilarityValidator compares the password with the user's attributes as
written: a name in Chinese characters (张伟) never looks like `zhangwei123`, the first password
an attacker tries against 张伟's account. Here the name is spelled in pinyin first (pypinyin,
every reading of a character with several: 曾 zeng/ceng, 单 shan/dan), and a password is
refused when

1. its letters, ignoring case, contain the name's full spelling, surname first or last, of four
   letters or more: `zhangwei123`, `Zhangwei@2026`, `weizhang!`, `iloveZhangWei`; or
2. its letters are nothing but one short form of the name — the initials (either order), the
   surname with the given name's initials or the other way round, the given name alone — with
   only digits and symbols around them: `zw19900101`, `ZW@2026`, `zhangw888`, `wei123456`.

The username counts as another name: contained (four characters or more) or alone with digits.
A name of a single character, or initials of a single letter, is too short to decide anything.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from pypinyin import Style, pinyin

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
NOT_LETTERS = re.compile(r"[^a-z]+")
# Spellings contained anywhere must be this long: shorter ones turn up in unrelated passwords.
CONTAINED_MIN = 4
# Forms that must be the password's only letters must be this long (two initials).
ALONE_MIN = 2
# Names with several many-reading characters: the first spellings are enough.
MAX_READINGS = 64


@dataclass
class NameSpellings:
    contained: set[str] = field(default_factory=set)
    alone: set[str] = field(default_factory=set)


def _readings(text: str) -> list[list[str]]:
    """Each syllable's possible spellings: pinyin for Chinese characters, else the words."""
    if CJK.search(text):
        syllables = pinyin(text, style=Style.NORMAL, heteronym=True, errors="ignore")
        readings = []
        for choices in syllables:
            spelled: list[str] = []
            for choice in choices:
                choice = choice.lower()
                # ü is typed v, u or yu (吕 lv / lu / lyu).
                for variant in (choice, choice.replace("v", "u"), choice.replace("v", "yu")):
                    if variant.isalpha() and variant not in spelled:
                        spelled.append(variant)
            if spelled:
                readings.append(spelled)
        return readings
    return [[word] for word in NOT_LETTERS.split(text.lower()) if word]


def _add_name(spellings: NameSpellings, surname: list[list[str]], given: list[list[str]]) -> None:
    for reading in itertools.islice(itertools.product(*surname, *given), MAX_READINGS):
        family, personal = list(reading[: len(surname)]), list(reading[len(surname) :])
        initials_family = "".join(s[0] for s in family)
        initials_personal = "".join(s[0] for s in personal)
        whole = ["".join(family + personal), "".join(personal + family)]
        spellings.contained.update(w for w in whole if len(w) >= CONTAINED_MIN)
        spellings.alone.update(whole)
        spellings.alone.update(
            {
                initials_family + initials_personal,
                initials_personal + initials_family,
                "".join(family) + initials_personal,
                initials_family + "".join(personal),
                "".join(personal),
            }
        )


def name_spellings(
    *, full_name: str = "", surname: str = "", given_name: str = "", username: str = ""
) -> NameSpellings:
    """Every spelling of the user's names and username that a password must not be built on."""
    spellings = NameSpellings()
    if surname.strip() and given_name.strip():
        _add_name(spellings, _readings(surname), _readings(given_name))
    syllables = _readings(full_name)
    if len(syllables) >= 2:
        # Which characters are the surname is not recorded: one (张) or, in a longer name, two
        # (欧阳); both are tried.
        for surname_length in (1, 2) if len(syllables) >= 3 else (1,):
            _add_name(spellings, syllables[:surname_length], syllables[surname_length:])
    elif len(syllables) == 1 and len(syllables[0][0]) >= CONTAINED_MIN:
        spellings.contained.update(syllables[0])
    username_syllables = _readings(username)
    for reading in itertools.islice(itertools.product(*username_syllables), MAX_READINGS):
        spelled = "".join(reading)
        if len(spelled) >= CONTAINED_MIN:
            spellings.contained.add(spelled)
        spellings.alone.add(spelled)
    spellings.alone = {form for form in spellings.alone if len(form) >= ALONE_MIN}
    return spellings


def is_built_on_name(password: str, spellings: NameSpellings, username: str = "") -> bool:
    letters = NOT_LETTERS.sub("", password.lower())
    if letters in spellings.alone:
        return True
    if any(form in letters for form in spellings.contained):
        return True
    # A username of digits (a staff number) has no letters to compare.
    name = username.strip().lower()
    return len(name) >= CONTAINED_MIN and name in password.lower()


class NamePinyinValidator:
    """AUTH_PASSWORD_VALIDATORS entry: see the module's text for the rule."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None:
            return
        username = str(getattr(user, "username", "") or "")
        spellings = name_spellings(
            full_name=str(getattr(user, "full_name", "") or ""),
            surname=str(getattr(user, "last_name", "") or ""),
            given_name=str(getattr(user, "first_name", "") or ""),
            username=username,
        )
        if is_built_on_name(password, spellings, username):
            raise ValidationError(
                _("密码不能以您的姓名拼音、姓名首字母或用户名为主要内容，请换一个。"),
                code="password_like_name",
            )

    def get_help_text(self) -> str:
        return _(
            "密码不能包含您的姓名拼音或用户名，也不能只是姓名拼音或首字母加数字、符号"
            "（如 zhangwei123、zw19900101）。"
        )


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule, refusing in Chinese.

    Django 5.2 reworded this refusal (`%d` for `%(min_length)d`) and its zh-hans catalogue still
    holds the old wording, so the page said "This password is too short…" in English.
    """

    def get_error_message(self) -> str:
        return ngettext(
            "密码太短，至少需要 %(min_length)d 个字符。",
            "密码太短，至少需要 %(min_length)d 个字符。",
            self.min_length,
        ) % {"min_length": self.min_length}
