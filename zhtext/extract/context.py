"""What every extractor sees: the text, its aligned Simplified form, structure and tokens."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from zhtext.lac import Token, tokens
from zhtext.model import Section, Structure

_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")
_PLAN_TITLE = re.compile(
    r"安排|任务|目标|计划|打算|部署|思路|今年|明年|展望|举措|重点工作|总体要求"
)
_REVIEW_TITLE = re.compile(r"回顾|成绩|成效|过去|去年|总结")
# The lead of a targets passage, whatever the headings: 今年经济社会发展的主要预期目标是：,
# 主要目标是：, 主要预期目标安排如下：, 全年主要预期目标建议为：
_TARGET_LEAD = re.compile(
    r"(?:主要预期目标|主要目标|预期目标|主要指标|发展目标)"
    r"(?:是|为|建议为|安排如下|如下|确定为|设定为|安排为|拟定为)?[:：]"
)
# A line of a passage laid out one goal per line (地区生产总值：增长6%左右；).
_GOAL_LINE = re.compile(r"^[^\n]{2,80}[；;。]$")


# Sentences that can name a person: a title, or a verb of speaking, attending or visiting.
_MAY_NAME_PEOPLE = re.compile(
    r"书记|省长|市长|县长|区长|州长|乡长|镇长|部长|厅长|局长|院长|行长|校长|会长|组长|董事长|主任|主席|代表|"
    r"委员|领导|同志|总理|负责人|记者|指出|强调|表示|说|主持|出席|参加|讲话|发言|"
    r"来到|走进|考察|调研|看望|慰问|会见|会议|会上"
)


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str  # Simplified


@dataclass
class Context:
    text: str
    simple: str
    structure: Structure
    doc_type: str
    use_model: bool = True
    doc_year: int | None = None

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        return tokens(self.simple, _MAY_NAME_PEOPLE) if self.use_model else ()

    @cached_property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(
            Sentence(m.start(), m.end(), m.group(0)) for m in _SENTENCE.finditer(self.simple)
        )

    def section_at(self, pos: int, level: int | None = None) -> Section | None:
        """Innermost section (or the one at ``level``) containing ``pos``."""
        best: Section | None = None
        for sec in self.structure.sections:
            if (
                sec.start <= pos < max(sec.end, sec.start + 1)
                and (level is None or sec.level == level)
                and (best is None or sec.level >= best.level)
            ):
                best = sec
        return best

    def section_label(self, pos: int) -> str | None:
        sec = self.section_at(pos)
        if sec is None:
            return None
        line_end = self.simple.find("\n", sec.start)
        line = self.simple[sec.start : line_end if line_end >= 0 else len(self.simple)]
        # 1.扩大有效投资。全年实施重点项目85个。: the heading ends where its body begins.
        stop = re.search(r"[。！；]", line)
        if stop and stop.end() < len(line):
            line = line[: stop.start()]
        return line if len(line) <= 60 else line[:60]

    def is_plan(self, pos: int) -> bool:
        """Whether ``pos`` lies in a part of the document about what is to be done.

        Reports run review → plan → how the government will work; once a plan section has
        begun, the top-level sections after it (三、坚定不移扩大内需…) are plan too.
        """
        for sec, plan in self._plan_flags:
            if sec.start <= pos < sec.end + 1:
                return plan
        return False

    @cached_property
    def _plan_flags(self) -> list[tuple[Section, bool]]:
        """Top-level sections with whether each is plan.

        In a work report, what follows the review is plan even when its title has no plan
        word (二、奋力开创高质量发展新局面).
        """
        out: list[tuple[Section, bool]] = []
        seen_plan = seen_review = False
        for sec in sorted(self.structure.sections, key=lambda s: s.start):
            if sec.level != 1:
                continue
            review = bool(_REVIEW_TITLE.search(sec.title))
            plan = not review and (
                bool(_PLAN_TITLE.search(sec.title))
                or seen_plan
                or (seen_review and self.doc_type == "work_report")
            )
            seen_plan = seen_plan or plan
            seen_review = seen_review or review
            out.append((sec, plan))
        return out

    def is_review(self, pos: int) -> bool:
        """Whether ``pos`` lies in a top-level section that reviews what was done."""
        for sec in self.structure.sections:
            if sec.level == 1 and sec.start <= pos < sec.end + 1:
                return bool(_REVIEW_TITLE.search(sec.title))
        return False

    def has_plan_sections(self) -> bool:
        return any(plan for _sec, plan in self._plan_flags)

    def year_of_section(self, pos: int) -> int | None:
        for sec in sorted(self.structure.sections, key=lambda s: s.level):
            if sec.start <= pos < sec.end + 1:
                m = re.search(r"(?<!\d)((?:19|20)\d{2})年", self.simple[sec.start : sec.start + 40])
                if m:
                    return int(m.group(1))
        return None

    @cached_property
    def target_passages(self) -> tuple[tuple[int, int], ...]:
        """Where the targets passages lie: from each lead sentence to the end of its
        paragraph, or — when the goals follow one per line — to the last such line."""
        out: list[tuple[int, int]] = []
        for m in _TARGET_LEAD.finditer(self.simple):
            end = self.simple.find("\n", m.end())
            end = len(self.simple) if end < 0 else end
            if not self.simple[m.end() : end].strip():
                # 目标安排如下：⏎ 地区生产总值：增长6%左右；⏎ …
                while end < len(self.simple):
                    following = self.simple.find("\n", end + 1)
                    following = len(self.simple) if following < 0 else following
                    line = self.simple[end + 1 : following].strip()
                    if not _GOAL_LINE.match(line):
                        break
                    end = following
                    if line.endswith("。"):
                        break
            out.append((m.start(), end))
        return tuple(out)

    def in_target_passage(self, pos: int) -> bool:
        return any(start <= pos < end for start, end in self.target_passages)
