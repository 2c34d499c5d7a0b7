"""Tokens and snippets: pure functions, no database."""

import pytest

from luoshi.core.search.highlighting import highlight, snippet
from luoshi.core.search.tokens import (
    MAX_QUERY_LENGTH,
    QueryTerm,
    index_tokens,
    parse_query,
)


def test_cjk_runs_become_overlapping_bigrams_plus_the_last_character():
    assert index_tokens("苹果产业") == ["苹果", "果产", "产业", "业"]


def test_a_single_cjk_character_stays_a_unigram():
    assert index_tokens("县 果") == ["县", "果"]


def test_latin_and_digit_runs_become_lowercase_words_and_full_width_becomes_half_width():
    assert index_tokens("ＧＤＰ增长６％，GDP-2024") == ["gdp", "增长", "长", "6", "gdp", "2024"]


def test_traditional_characters_are_folded_to_simplified_ones():
    """Issue 13: 鄉村振興 finds 乡村振兴 — documents and queries are folded alike."""
    assert index_tokens("產業") == ["产业", "业"]
    assert parse_query("鄉村振興").terms == parse_query("乡村振兴").terms


def test_punctuation_separates_runs():
    assert index_tokens("一、回顾。二") == ["一", "回顾", "顾", "二"]


def test_query_terms_are_bigrams_without_the_trailing_unigram():
    parsed = parse_query("苹果产业")
    assert parsed.terms == (QueryTerm("苹果"), QueryTerm("果产"), QueryTerm("产业"))


def test_a_one_character_query_is_a_prefix_term():
    assert parse_query("果").terms == (QueryTerm("果", prefix=True),)


@pytest.mark.parametrize("query", ["", "   ", "a", "7", "“”！？", "*", '"', "---"])
def test_empty_or_too_short_queries_have_no_terms(query):
    assert not parse_query(query)


def test_operators_and_quotes_in_a_query_are_only_separators():
    parsed = parse_query('苹果" OR NEAR(产业) -x* a:b')
    assert [term.text for term in parsed.terms] == ["苹果", "or", "near", "产业", "x", "a", "b"]
    assert not any(term.prefix for term in parsed.terms)


def test_a_long_query_is_cut():
    parsed = parse_query("甲" * (MAX_QUERY_LENGTH - 1) + "乙丙丁")
    assert QueryTerm("甲乙") in parsed.terms
    assert QueryTerm("乙丙") not in parsed.terms


def test_duplicate_terms_are_dropped():
    assert parse_query("发展 发展").terms == (QueryTerm("发展"),)


def test_snippet_marks_the_query_around_the_first_match():
    body = "开头" * 40 + "大力发展苹果产业，苹果销售增长" + "结尾" * 80
    segments = snippet(body, parse_query("苹果"))
    assert segments[0] == ("…", False)
    assert segments[-1] == ("…", False)
    assert [text for text, is_match in segments if is_match] == ["苹果", "苹果"]
    assert len("".join(text for text, _ in segments)) < 130


def test_snippet_marks_bigrams_when_the_phrase_is_not_contiguous():
    segments = highlight("苹果丰收，产业兴旺", parse_query("苹果产业"))
    assert [text for text, is_match in segments if is_match] == ["苹果", "产业"]


def test_highlight_maps_full_width_text_back_to_the_original():
    segments = highlight("ＧＤＰ增长", parse_query("gdp"))
    assert segments == [("ＧＤＰ", True), ("增长", False)]


def test_snippet_without_a_match_in_the_body_is_its_start():
    assert snippet("正文内容", parse_query("标题")) == [("正文内容", False)]
