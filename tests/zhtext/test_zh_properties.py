"""The reader never raises, whatever it is given (hypothesis)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zhtext
from zhtext.clean import clean
from zhtext.script import to_simplified

CHINESE = st.text(
    alphabet=st.sampled_from(
        list("县市省长会议召开增长亿元%左右以上以内第一二三、，。：；（）()?\n 0123456789.")
        + list("年月日是要會議發展")
    ),
    max_size=300,
)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_without_a_bug(doc: zhtext.Document) -> zhtext.Document:
    """read() turns any exception into ``Document.error`` ("internal error while …"), so "never
    raises" holds by construction: what must hold is that no exception was swallowed. An
    error may only be the input's fault, on one line."""
    if doc.error is not None:
        assert "\n" not in doc.error, doc.error
        assert not doc.error.startswith("internal error"), doc.error
    return doc


@SETTINGS
@given(st.binary(max_size=2000))
def test_read_never_raises_on_bytes(data: bytes) -> None:
    doc = read_without_a_bug(zhtext.read(data, "x.txt", use_model=False))
    zhtext.to_contract(doc)


@SETTINGS
@given(st.text(max_size=1000))
def test_read_never_raises_on_text(text: str) -> None:
    doc = read_without_a_bug(zhtext.read(text, use_model=False))
    zhtext.to_contract(doc)


@SETTINGS
@given(CHINESE)
def test_read_never_raises_on_report_like_text(text: str) -> None:
    doc = read_without_a_bug(zhtext.read(text.encode("utf-8"), use_model=False))
    if not text.strip():
        assert doc.error is not None  # nothing to read is said, not read as a document
    assert len(doc.simplified) == len(doc.text)
    for t in doc.targets:
        assert 0 <= t.start <= t.end <= len(doc.text)


@SETTINGS
@given(st.text(max_size=400))
def test_clean_and_script_keep_alignment(text: str) -> None:
    cleaned = clean(text)
    assert len(to_simplified(cleaned.text)) == len(cleaned.text)
    for span in cleaned.corrupt_spans:
        assert 0 <= span.start < span.end <= len(cleaned.text)


@settings(max_examples=20, deadline=None)
@given(st.binary(max_size=300))
def test_html_never_raises(data: bytes) -> None:
    read_without_a_bug(zhtext.read(b"<html><body><p>" + data, "page.html", use_model=False))


@settings(max_examples=40, deadline=None)
@given(st.one_of(CHINESE, st.text(max_size=200)))
def test_read_with_model_never_raises(text: str) -> None:
    zhtext.to_contract(read_without_a_bug(zhtext.read(text)))
