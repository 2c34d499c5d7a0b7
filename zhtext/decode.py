"""Stage 1: bytes to text.

Encodings are detected, never guessed silently: UTF-8 is tried strictly first, then the
legacy Chinese encodings are compared by how plausible their decoded text is; when nothing
decodes cleanly the input is refused with a clear message.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from zhtext.errors import ReadError

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

_HTML_START = re.compile(
    rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|div|p)\b", re.I | re.S
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_ZIP_MAGIC = b"PK\x03\x04"

# Decoders tried after UTF-8, in the order a Chinese government page is likely to use them.
_LEGACY = ("gb18030", "big5")


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str | None
    kind: str  # "text" | "html" | "docx"


def _looks_binary(data: bytes) -> bool:
    sample = data[:4096]
    if b"\x00" in sample:
        # UTF-16 would also contain NULs, but official pages never come as UTF-16 without BOM.
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return controls > max(4, len(sample) // 50)


def _cjk_score(text: str) -> float:
    """Share of characters that are common CJK ideographs or ordinary punctuation."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        # Ideographs, ASCII, CJK and general punctuation, full-width forms, and the accented
        # Latin letters of pinyin: what a real Chinese page is made of.
        if (
            0x4E00 <= o <= 0x9FFF
            or ch.isascii()
            or 0x3000 <= o <= 0x303F
            or 0xFF00 <= o <= 0xFFEF
            or 0x2000 <= o <= 0x206F
            or 0xC0 <= o <= 0x24F
        ):
            good += 1
    return good / len(text)


def _decode_legacy(data: bytes) -> tuple[str, str]:
    candidates: list[tuple[float, str, str]] = []
    for enc in _LEGACY:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_cjk_score(text), enc, text))
    if candidates:
        candidates.sort(key=lambda c: -c[0])
        best = candidates[0]
        if best[0] >= 0.9:
            return best[2], best[1]
    try:
        from charset_normalizer import from_bytes

        match = from_bytes(data, cp_isolation=["gb18030", "big5", "utf_8"]).best()
    except Exception:  # charset-normalizer failing must not crash the reader
        match = None
    if match is not None and _cjk_score(str(match)) >= 0.9:
        return str(match), match.encoding
    raise ReadError("undecodable: not UTF-8, GB18030/GBK or Big5 text")


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode plain bytes; returns (text, encoding name)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ReadError("undecodable: UTF-16 BOM but invalid UTF-16 bytes") from exc
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise ReadError("undecodable: UTF-8 BOM but invalid UTF-8 bytes") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    edged = _utf8_cut_at_edges(data)
    if edged is not None:
        return edged, "utf-8"
    return _decode_legacy(data)


def _utf8_cut_at_edges(data: bytes) -> str | None:
    """UTF-8 cut mid-character at either end (a truncated download) is still UTF-8."""
    start = 0
    while start < min(3, len(data)) and 0x80 <= data[start] <= 0xBF:
        start += 1
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        text: str = decoder.decode(data[start:], final=False)
    except UnicodeDecodeError:
        return None
    return text if text else None


def _decode_html_bytes(data: bytes) -> tuple[str, str]:
    m = _META_CHARSET.search(data[:4096])
    if m:
        declared = m.group(1).decode("ascii", "replace").lower()
        if declared in {"gb2312", "gbk", "gb18030"}:
            declared = "gb18030"
        try:
            return data.decode(declared), declared
        except (LookupError, UnicodeDecodeError):
            pass  # the declaration lies; fall back to detection
    return decode_text(data)


def decode(data: bytes | str, name: str | None = None, max_bytes: int | None = None) -> Decoded:
    """Turn the raw input into text plus its encoding and kind.

    Raises ``ReadError`` with a one-line reason for unreadable input.
    """
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    lname = (name or "").lower()
    if isinstance(data, str):
        if len(data.encode("utf-8", "surrogatepass")) > limit:
            raise ReadError(f"too large: over the {limit}-byte limit")
        kind = (
            "html"
            if lname.endswith((".html", ".htm"))
            or _HTML_START.match(data[:2048].encode("utf-8", "replace"))
            else "text"
        )
        text = data
        if kind == "html":
            from zhtext.html import html_to_text

            text = html_to_text(data)
        return Decoded(text=text, encoding=None, kind=kind)
    if len(data) > limit:
        raise ReadError(f"too large: {len(data)} bytes, over the {limit}-byte limit")
    if not data.strip():
        raise ReadError("empty input")
    if data.startswith(_ZIP_MAGIC) or lname.endswith(".docx"):
        from zhtext.docx import docx_to_text

        return Decoded(text=docx_to_text(data), encoding="docx", kind="docx")
    if _looks_binary(data) and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("binary data, not a text, HTML or .docx document")
    if lname.endswith((".html", ".htm")) or _HTML_START.match(data[:2048]):
        from zhtext.html import html_to_text

        raw, enc = _decode_html_bytes(data)
        return Decoded(text=html_to_text(raw), encoding=enc, kind="html")
    text, enc = decode_text(data)
    return Decoded(text=text, encoding=enc, kind="text")
