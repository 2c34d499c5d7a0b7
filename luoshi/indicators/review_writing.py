"""Drafting the review section of next year's report from a year's figures.

Sentences follow the register of real reports: "地区生产总值完成45.2亿元，同比增长8.1%，增速
全市排名第2位，较上年前进1位". Every figure carries the observation it came from, so the page
can link each number to its source and a person can check it before editing it into a draft.
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


@dataclass(frozen=True)
class Piece:
    text: str
    observation_id: int | None = None  # set on pieces that are figures


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
        verb = "完成" if figure.target_met else "未完成"
        pieces.append(Piece(f"，{verb}年度预期目标（{figure.target_text}）"))
    if figure.rank is not None:
        scope = figure.rank_scope or "全市"
        pieces += [Piece(f"，增速{scope}排名"), Piece(f"第{figure.rank}位", figure.observation_id)]
        if figure.rank_change:
            movement = "前进" if figure.rank_change > 0 else "后退"
            pieces.append(Piece(f"，较上年{movement}{abs(figure.rank_change)}位"))
        elif figure.rank_change == 0:
            pieces.append(Piece("，与上年持平"))
    return Sentence(figure.indicator, tuple(pieces))


def review_paragraph(year: int, region_word: str, figures: Sequence[FigureInput]) -> list[Sentence]:
    """One paragraph: an opening clause, then a clause per indicator, in catalogue order."""
    sentences = [Sentence("", (Piece(f"{year}年，{region_word}"),))]
    for position, figure in enumerate(figures):
        sentence = figure_sentence(figure)
        end = "。" if position == len(figures) - 1 else "；"
        sentences.append(Sentence(sentence.indicator, (*sentence.pieces, Piece(end))))
    return sentences


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
