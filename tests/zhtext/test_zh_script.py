"""Stage 3: script detection and aligned Simplified text."""

from __future__ import annotations

from zhtext.script import detect_script, to_simplified


def test_detects_traditional_and_simplified() -> None:
    assert detect_script("縣政府召開會議，強調發展") == "hant"
    assert detect_script("县政府召开会议，强调发展") == "hans"
    assert detect_script("县政府召开会议，強調發展質量") == "mixed"


def test_simplified_text_is_not_damaged() -> None:
    # tw2s would turn 显著 into 显着: it must not run on Simplified text.
    assert to_simplified("成效显著，著力推进") == "成效显著，著力推进"


def test_traditional_converted_and_aligned() -> None:
    text = "晉陜豫黃河金三角區域發展"
    simple = to_simplified(text)
    assert simple == "晋陕豫黄河金三角区域发展"
    assert len(simple) == len(text)


def test_mixed_converts_only_traditional_characters() -> None:
    text = "成效显著，發展質量"
    assert to_simplified(text, "mixed") == "成效显著，发展质量"
