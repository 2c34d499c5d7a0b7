"""Stage 1: decoding bytes, HTML and .docx; bad input gives one clear line."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from zhtext.decode import decode
from zhtext.errors import ReadError

SENTENCE = "县政府召开常务会议，研究部署春耕生产工作。"


def test_utf8_with_and_without_bom() -> None:
    plain = decode(SENTENCE.encode("utf-8"))
    bom = decode(b"\xef\xbb\xbf" + SENTENCE.encode("utf-8"))
    assert plain.text == bom.text == SENTENCE
    assert plain.encoding == "utf-8"
    assert bom.encoding == "utf-8-sig"


def test_gbk_file_detected(documents_dir: Path) -> None:
    d = decode((documents_dir / "gbk_notice.txt").read_bytes(), "gbk_notice.txt")
    assert d.encoding == "gb18030"
    assert "集中供暖" in d.text


def test_big5_file_detected(documents_dir: Path) -> None:
    d = decode((documents_dir / "big5_notice.txt").read_bytes(), "big5_notice.txt")
    assert d.encoding == "big5"
    assert "防汛工作會議" in d.text


def test_html_main_content_without_navigation(documents_dir: Path) -> None:
    d = decode((documents_dir / "page_with_nav.html").read_bytes(), "page_with_nav.html")
    assert d.kind == "html"
    assert "春季农业生产调度会" in d.text
    assert "高标准农田2万亩" in d.text
    for chrome in ("政务公开", "互动交流", "分享到", "var x", "color:red"):
        assert chrome not in d.text


def test_html_meta_charset_gbk() -> None:
    page = f'<html><head><meta charset="gb2312"></head><body><p>{SENTENCE}</p></body></html>'
    d = decode(page.encode("gbk"), "page.htm")
    assert d.encoding == "gb18030"
    assert SENTENCE in d.text


def test_docx_generated(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("关于加强安全生产工作的通知")
    document.add_paragraph(SENTENCE)
    buf = io.BytesIO()
    document.save(buf)
    d = decode(buf.getvalue(), "notice.docx")
    assert d.kind == "docx"
    assert d.text.splitlines() == ["关于加强安全生产工作的通知", SENTENCE]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "empty.txt", "empty"),
        (b"   \n\t ", "blank.txt", "empty"),
        (bytes(range(256)) * 4, "blob.bin", "binary"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt", "binary"),
        (b"\xfd\xfc\xff\xfe" * 50 + b"\x81\x20" * 50, "bad.txt", "undecodable"),
        (
            b"<html><body><p>\xe5\x8e\xbf\xe6\x94\xbf\xe5\xba\x9c</p><div cla",
            "cut.html",
            "truncated",
        ),
        (b"<html><body><script>var a=1;</script></body></html>", "empty.html", "HTML without text"),
        (b"PK\x03\x04 not really a zip", "broken.docx", ".docx"),
    ],
)
def test_bad_input_one_line_error(data: bytes, name: str, message: str) -> None:
    with pytest.raises(ReadError) as info:
        decode(data, name)
    text = str(info.value)
    assert message in text
    assert "\n" not in text


def test_size_limit() -> None:
    with pytest.raises(ReadError, match="too large"):
        decode(SENTENCE.encode() * 10, "big.txt", max_bytes=20)
    assert decode(SENTENCE.encode(), "ok.txt", max_bytes=1000).text == SENTENCE


def test_utf16_with_bom() -> None:
    d = decode(SENTENCE.encode("utf-16"), "notice.txt")
    assert (d.text, d.encoding) == (SENTENCE, "utf-16")


def test_utf8_cut_mid_character_is_still_utf8() -> None:
    data = SENTENCE.encode("utf-8")
    d = decode(data[1:-1], "cut.txt")
    assert d.encoding == "utf-8"
    # Both cut characters (县, 。) are lost; everything between them is intact.
    assert d.text.endswith("政府召开常务会议，研究部署春耕生产工作")


def test_gbk_with_pinyin_readings() -> None:
    text = "会(huì)议(yì)强调，要抓好春耕生产(shēng chǎn)工作。" * 5
    d = decode(text.encode("gb18030"), "ruby.txt")
    assert (d.text, d.encoding) == (text, "gb18030")
