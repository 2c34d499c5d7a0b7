"""Upload screening: extension and content must agree; nothing a browser runs gets through."""

from __future__ import annotations

import pytest

from luoshi.core.upload_screening import UploadRefused, display_name, screen_upload
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
