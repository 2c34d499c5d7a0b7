"""Upload screening: extension and content must agree; nothing a browser runs gets through."""

from __future__ import annotations

import pytest

from luoshi.core.upload_screening import (
    EVIDENCE,
    UploadRefused,
    UploadsRefused,
    display_name,
    screen_all,
    screen_upload,
    stored_content_type,
)
from luoshi_tests.tasks.attachment_files import (
    DOCX,
    EXE,
    HTML,
    JPEG,
    OLE,
    PDF,
    PNG,
    SVG,
    XLSX,
    upload,
    zip_with,
)

LIMIT = 1024 * 1024


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("报告.pdf", PDF, "application/pdf"),
        ("报告.PDF", PDF, "application/pdf"),
        ("旧版.doc", OLE, "application/msword"),
        ("旧表.xls", OLE, "application/vnd.ms-excel"),
        ("金山.wps", OLE, "application/vnd.ms-works"),
        (
            "新版.docx",
            DOCX,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("新表.xlsx", XLSX, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("公文.ofd", zip_with("OFD.xml", "Doc_0/Document.xml"), "application/ofd"),
        ("照片.jpg", JPEG, "image/jpeg"),
        ("照片.png", PNG, "image/png"),
    ],
)
def test_documents_and_images_whose_content_matches_are_accepted(name, content, content_type):
    screened = screen_upload(upload(name, content, "text/html"), max_bytes=LIMIT)
    # The browser's claimed type is ignored: the settled kind decides.
    assert (screened.name, screened.content_type, screened.size) == (
        name,
        content_type,
        len(content),
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.exe", EXE),
        ("a.html", HTML),
        ("a.htm", HTML),
        ("a.svg", SVG),
        ("a.js", b"alert(1)"),
        ("a", PDF),
        ("a.pdf", EXE),
        ("a.pdf", HTML),
        ("a.png", SVG),
        ("a.docx", zip_with("[Content_Types].xml", "xl/workbook.xml")),  # a workbook
        ("a.docx", zip_with("payload.exe")),
        ("a.docx", b"PK\x03\x04 not really a zip"),
        ("a.doc", DOCX),
    ],
)
def test_everything_else_is_refused_with_the_files_name(name, content):
    with pytest.raises(UploadRefused) as refusal:
        screen_upload(upload(name, content), max_bytes=LIMIT)
    assert refusal.value.message.startswith(f"“{name}”") and "未上传" in refusal.value.message


def test_size_is_checked_before_content():
    with pytest.raises(UploadRefused, match="超过每个文件 1 MB 的上限"):
        screen_upload(upload("大.pdf", PDF + b"0" * LIMIT), max_bytes=LIMIT)


def test_the_display_name_drops_folders_control_characters_and_keeps_the_extension():
    assert display_name("C:\\Users\\张三\\桌面\\说明.pdf") == "说明.pdf"
    assert display_name("a\u202egpj.exe\x00.pdf") == "agpj.exe.pdf"
    long = display_name("长" * 300 + ".docx")
    assert len(long) == 200 and long.endswith(".docx")
    assert display_name("...", ".pdf") == "附件.pdf"


def test_a_chinese_name_is_kept_whole_and_composed():
    assert display_name("2026年第一季度进展.pdf") == "2026年第一季度进展.pdf"
    assert display_name("../../2026年（定稿）.pdf") == "2026年（定稿）.pdf"
    decomposed = "Re\u0301sume\u0301.pdf"  # as a Mac names it
    assert display_name(decomposed) == "Résumé.pdf"


def test_evidence_takes_documents_and_photos_but_not_spreadsheets():
    assert screen_upload(upload("执照.jpg", JPEG), max_bytes=LIMIT, accepted=EVIDENCE).name
    with pytest.raises(UploadRefused) as refusal:
        screen_upload(upload("台账.xlsx", XLSX), max_bytes=LIMIT, accepted=EVIDENCE)
    assert refusal.value.message == (
        "“台账.xlsx”不是允许的文件类型，未上传：只接受PDF、OFD、Word、WPS 文档和 JPG、PNG 图片。"
    )


def test_all_files_or_none():
    with pytest.raises(UploadsRefused) as refused:
        screen_all(
            [upload("好.pdf", PDF), upload("坏.pdf", EXE), upload("坏.png", SVG)], max_bytes=LIMIT
        )
    assert [m.split("”")[0] for m in refused.value.messages] == ["“坏.pdf", "“坏.png"]
    assert len(screen_all([upload("好.pdf", PDF), upload("图.png", PNG)], max_bytes=LIMIT)) == 2


def test_a_stored_file_is_served_as_its_settled_kind():
    assert stored_content_type("meetings/1/ab12.pdf") == "application/pdf"
    assert stored_content_type("projects/inclusion/3/cd34.jpeg") == "image/jpeg"
    assert stored_content_type("old/name") == "application/octet-stream"
