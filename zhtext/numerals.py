"""Chinese numerals of headings and ordinals (一 … 九十九) and figures in extracted spans."""

from __future__ import annotations

_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUMERAL = "一二三四五六七八九十〇零两百"


def cn_int(s: str) -> int | None:
    """Small Chinese integers as used by ordinals and headings; None if not one."""
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if "百" in s:
        try:
            import cn2an

            return int(cn2an.cn2an(s, "strict"))
        except (ValueError, KeyError, TypeError):
            return None
    if "十" in s:
        head, _, tail = s.partition("十")
        tens = _DIGITS.get(head, -1) if head else 1
        units = _DIGITS.get(tail, -1) if tail else 0
        if tens < 0 or units < 0 or len(head) > 1 or len(tail) > 1:
            return None
        return tens * 10 + units
    if len(s) == 1 and s in _DIGITS:
        return _DIGITS[s]
    if all(ch in _DIGITS for ch in s):  # 二〇二四
        return int("".join(str(_DIGITS[ch]) for ch in s))
    return None
