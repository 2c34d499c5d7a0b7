"""Drafting the review section of next year's report from a year's figures.

Sentences follow the register of real reports: "地区生产总值完成45.2亿元，同比增长8.1%，增速
全市排名第2位，较上年前进1位". Every figure carries the observation it came from, so the page
can link each number to its source and a person can check it before editing it into a draft.
A figure whose full-year result is not published yet is drafted from the latest cumulative
period and says so ("1–11月，…"), as reports written before the statistics close do.
Pure: values in, sentences out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class FigureInput:
    indicator: str
    unit: str
    value: Decimal | None
    growth: Decimal | None
    direction: str  # "up" or "down"
    observation_id: int
    rank_scope: str = ""
    rank: int | None = None
    rank_change: int | None = None  # places gained since last year; negative: lost
    target_text: str = ""  # e.g. "7.5%以上"
    target_met: bool | None = None
    # "" for a full-year result; otherwise the cumulative period it stands for ("1–11月").
    period_label: str = ""
    rank_computed: bool = False  # ranked here among the peers, not as the source states it


@dataclass(frozen=True)
class Piece:
    text: str
    observation_id: int | None = None  # set on pieces that are figures
    # A rank computed from the peers' figures: its source is the peers' comparison.
    among_peers: bool = False


@dataclass(frozen=True)
class Sentence:
    indicator: str
    pieces: tuple[Piece, ...]

    @property
    def text(self) -> str:
        return "".join(piece.text for piece in self.pieces)


def number(value: Decimal) -> str:
    """4.50 → 4.5; 40.30 → 40.3; 28383.00 → 28383."""
    text = format(value.normalize(), "f")
    return text


def growth_phrase(growth: Decimal, direction: str) -> str:
    if growth < 0:
        return "下降" if direction == "down" else "同比下降"
    return "同比增长" if direction == "up" else "上涨"


def figure_sentence(figure: FigureInput) -> Sentence:
    pieces: list[Piece] = [Piece(figure.indicator)]
    if figure.value is not None:
        pieces += [
            Piece("完成"),
            Piece(f"{number(figure.value)}{figure.unit}", figure.observation_id),
        ]
    if figure.growth is not None:
        if figure.value is not None:
            pieces.append(Piece("，"))
        pieces += [
            Piece(growth_phrase(figure.growth, figure.direction)),
            Piece(f"{number(abs(figure.growth))}%", figure.observation_id),
        ]
    if figure.target_text and figure.target_met is not None:
        if figure.period_label:
            # Part of the year: judged against elapsed-time progress (序时), not the goal.
            verb = "达到" if figure.target_met else "未达到"
            pieces.append(Piece(f"，{verb}序时进度（年度预期目标{figure.target_text}）"))
        else:
            verb = "完成" if figure.target_met else "未完成"
            pieces.append(Piece(f"，{verb}年度预期目标（{figure.target_text}）"))
    if figure.rank is not None:
        scope = figure.rank_scope or "全市"
        pieces += [
            Piece(f"，增速{scope}排名"),
            Piece(f"第{figure.rank}位", figure.observation_id, among_peers=figure.rank_computed),
        ]
        if figure.rank_change:
            movement = "前进" if figure.rank_change > 0 else "后退"
            pieces.append(Piece(f"，较上年{movement}{abs(figure.rank_change)}位"))
        elif figure.rank_change == 0:
            pieces.append(Piece("，与上年持平"))
    return Sentence(figure.indicator, tuple(pieces))


def review_paragraph(year: int, region_word: str, figures: Sequence[FigureInput]) -> list[Sentence]:
    """One paragraph: an opening clause, then a clause per indicator.

    Full-year figures come first, in the order given (the catalogue's); figures drafted from
    part of the year follow, grouped by period in the order their periods first appear, each
    group introduced by its period ("；1–11月，规模以上工业增加值…"). When no full-year figure
    exists the period goes into the opening instead ("2024年1–11月，全县…").
    """
    labels = sorted(dict.fromkeys(f.period_label for f in figures), key=lambda label: label != "")
    ordered = [f for label in labels for f in figures if f.period_label == label]
    opening_period = ordered[0].period_label if ordered else ""
    sentences = [Sentence("", (Piece(f"{year}年{opening_period}，{region_word}"),))]
    previous_label = opening_period
    for position, figure in enumerate(ordered):
        sentence = figure_sentence(figure)
        lead: tuple[Piece, ...] = ()
        if figure.period_label != previous_label:
            lead = (Piece(f"{figure.period_label}，"),)
            previous_label = figure.period_label
        end = "。" if position == len(ordered) - 1 else "；"
        sentences.append(Sentence(sentence.indicator, (*lead, *sentence.pieces, Piece(end))))
    return sentences


def paragraph_text(sentences: Sequence[Sentence]) -> str:
    return "".join(sentence.text for sentence in sentences)


def region_word(name: str, level: str) -> str:
    """全县 / 全市 / 全省 / 全区 from the region's name and level."""
    if name.endswith("区") and level == "county":
        return "全区"
    if name.endswith(("自治区",)):
        return "全区"
    if level == "province":
        return "全市" if name.endswith("市") else "全省"
    if level == "city":
        return "全州" if name.endswith("州") else "全市"
    if name.endswith("市"):
        return "全市"
    if name.endswith("旗"):
        return "全旗"
    return "全县"
