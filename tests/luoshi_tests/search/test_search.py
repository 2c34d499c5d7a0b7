"""Indexing and querying on the test database (SQLite FTS5, or PostgreSQL full text in CI)."""

import pytest
from django.db import connection

from luoshi.core.models import SearchEntry
from luoshi.core.region_codes import region_code_prefix
from luoshi.core.search import (
    search,
    search_index_delete,
    search_index_rebuild,
    search_index_upsert,
)

pytestmark = pytest.mark.django_db


def add(key, body, *, title="条目", kind="report", **fields):
    return search_index_upsert(
        kind=kind, key=key, title=title, body=body, url=f"/x/{key}/", **fields
    )


def keys(result):
    return [hit.key for hit in result.hits]


def test_a_two_character_query_finds_the_word_inside_a_longer_one():
    add(1, "大力发展苹果产业，带动农民增收。")
    add(2, "推进梨树种植。")
    assert keys(search(query="苹果")) == ["1"]
    assert keys(search(query="产业")) == ["1"]
    assert keys(search(query="苹果产业")) == ["1"]
    assert keys(search(query="苹产")) == []


def test_latin_words_and_chinese_mix():
    add(1, "全年 gdp 增长率达到6.1%。")
    add(2, "全年增长较快。")
    assert keys(search(query="GDP增长")) == ["1"]
    assert keys(search(query="ＧＤＰ")) == ["1"]


def test_a_one_character_query_finds_the_character_anywhere_in_a_run():
    add(1, "苹果")  # 果 only at the end of its run
    add(2, "果园")  # 果 only at the start
    add(3, "梨树")
    assert sorted(keys(search(query="果"))) == ["1", "2"]


def test_every_query_term_must_match():
    add(1, "苹果产业")
    add(2, "苹果 梨树")
    assert keys(search(query="苹果 梨树")) == ["2"]


def test_the_title_is_searched_too():
    add(1, "正文没有那个词", title="关于苹果产业的报告")
    result = search(query="苹果")
    assert keys(result) == ["1"]
    assert [text for text, is_match in result.hits[0].title_segments if is_match] == ["苹果"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"', []),
        ('苹果"', ["1"]),
        ("苹果*", ["1"]),
        ("*", []),
        ("苹果:产业", ["1"]),
        ("-苹果", ["1"]),
        # Latin words typed in (NEAR, AND, col) are ordinary terms that must match too: the
        # entry has none of them, so nothing is found (and no operator runs).
        ("苹果 NEAR 产业", []),
        ("NEAR(苹果 产业)", []),
        ("(苹果", ["1"]),
        ("苹果 AND OR NOT", []),
        ("苹果 & | ! <-> '", ["1"]),
        ("'苹果'", ["1"]),
        ("\\苹果", ["1"]),
        ("^苹果$", ["1"]),
        ("苹果\x00产业", ["1"]),
        ("{苹果}", ["1"]),
        ("col:苹果", []),
    ],
)
def test_special_characters_never_break_the_query(query, found):
    add(1, "苹果产业")
    result = search(query=query)
    assert keys(result) == found
    assert result.total == len(found)


def test_empty_too_short_and_too_long_queries():
    add(1, "苹果产业" * 10)
    assert search(query="").total == 0
    assert search(query="a").total == 0
    assert search(query="  ").total == 0
    assert keys(search(query="苹果产业" * 30)) == ["1"]  # cut to 100 characters


def test_filters_by_kind_year_state_and_public(world):
    add(1, "苹果产业", kind="report", year=2024, state="adopted", is_public=True)
    add(2, "苹果产业", kind="opinion", year=2025, state="open", is_public=False)
    add(3, "苹果产业", kind="meeting", year=2025, state="open", is_public=True)
    assert sorted(keys(search(query="苹果", kinds=["report", "opinion"]))) == ["1", "2"]
    assert sorted(keys(search(query="苹果", year=2025))) == ["2", "3"]
    assert keys(search(query="苹果", state="adopted")) == ["1"]
    assert sorted(keys(search(query="苹果", public_only=True))) == ["1", "3"]
    assert keys(search(query="苹果", kinds=["meeting"], year=2025, public_only=True)) == ["3"]


def test_a_region_filter_includes_the_regions_below_it(world):
    add("county", "苹果", region=world.county)
    add("other", "苹果", region=world.other_county)
    add("city", "苹果", region=world.city)
    add("none", "苹果")
    assert keys(search(query="苹果", region_code="930121")) == ["county"]
    assert sorted(keys(search(query="苹果", region_code="930100"))) == ["city", "county", "other"]
    assert sorted(keys(search(query="苹果", region_code="930000"))) == ["city", "county", "other"]
    assert keys(search(query="苹果", region_code="940000")) == []
    assert keys(search(query="苹果", region_code="93%")) == []
    assert search(query="苹果", region_code="930121").hits[0].region_name == "甲县"


def test_region_code_prefixes():
    assert region_code_prefix("130000") == "13"
    assert region_code_prefix("130100") == "1301"
    assert region_code_prefix("130121") == "130121"
    assert region_code_prefix("130121001") == "130121001"
    assert region_code_prefix("13012") is None
    assert region_code_prefix("13%") is None


def test_the_better_match_comes_first():
    add("once", "今年推进苹果种植。" + "其他工作安排部署。" * 20)
    add("often", "苹果产业：苹果种植、苹果加工、苹果销售。")
    add("none", "梨树种植。")
    assert keys(search(query="苹果")) == ["often", "once"]


def test_equal_matches_are_ordered_newest_first():
    for key in ("a", "b", "c"):
        add(key, "苹果产业")
    assert keys(search(query="苹果")) == ["c", "b", "a"]


def test_paging_with_limit_and_offset():
    for n in range(7):
        add(n, "苹果产业")
    first, rest = search(query="苹果", limit=5), search(query="苹果", limit=5, offset=5)
    assert (first.total, len(first.hits), len(rest.hits)) == (7, 5, 2)
    assert not set(keys(first)) & set(keys(rest))
    assert search(query="苹果", offset=100).hits == []


def test_upsert_replaces_the_entry_and_its_tokens():
    add(1, "苹果产业")
    add(1, "梨树种植", title="新标题")
    assert SearchEntry.objects.count() == 1
    assert keys(search(query="苹果")) == []
    assert keys(search(query="梨树")) == ["1"]


def test_delete_removes_the_entry_from_the_index():
    add(1, "苹果产业")
    assert search_index_delete(kind="report", key=1) == 1
    assert search(query="苹果").total == 0
    assert search_index_delete(kind="report", key=1) == 0


def test_rebuild_retokenizes_stored_entries():
    add(1, "苹果产业")
    SearchEntry.objects.filter(key="1").update(tokens="")  # as if the tokenizer had changed
    assert search(query="苹果").total == 0
    assert search_index_rebuild() == 1
    assert keys(search(query="苹果")) == ["1"]


def test_the_snippet_marks_the_match_in_the_body():
    add(1, "前言" * 50 + "发展苹果产业" + "后记" * 100)
    hit = search(query="苹果").hits[0]
    assert ("苹果", True) in hit.snippet
    assert hit.snippet[0] == ("…", False)


def test_the_index_exists_on_this_database():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'core_searchentry_fts'")
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname = %s",
                ["core_searchentry_search_vector"],
            )
        assert cursor.fetchone() is not None
