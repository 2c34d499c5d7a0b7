"""Stage 5: what kind of document this is, from the vocabulary of each genre."""

from __future__ import annotations

import re

from zhtext.model import Structure

DOC_TYPES = ("work_report", "consultation", "deliberation", "review", "meeting", "other")

# The report itself is titled by it (2025年政府工作报告（全文）); news about a report is not:
# 参加代表团审议政府工作报告, 热议政府工作报告 name the report as the object of a verb.
_REPORT_TITLE = re.compile(r"工作报告(?:[（(](?:全文|摘要|摘登|节选|文字实录)[）)])?$")
_ABOUT_REPORT = re.compile(
    r"审议|参加|讨论|座谈|征求|听取|解读|热议|学习|图解|聚焦|关注|点赞|一图读懂|看点|关键词|代表团"
)
_CONGRESS = re.compile(r"在.{0,30}(人民代表大会|人代会).{0,12}(会议|大会)上")
_DELIBERATION = re.compile(r"代表团.{0,12}审议|审议.{0,10}报告|分组审议|参加.{0,10}代表团")
_CONSULTATION = re.compile(r"征求意见|座谈会|听取.{0,12}意见建议|意见建议")
_MEETING = re.compile(
    r"总结交流会|总结会|推进会|部署会|调度会|常务会议|专题会议|主持会议|出席会议|出席.{1,12}会|"
    r"主持召开|召开.{0,12}(?:会议|大会)"
)
_REVIEW = re.compile(r"回眸|回望|回顾|这一年|过去一年|一年来|成绩单|年终|综述")


def classify(simple: str, structure: Structure | None = None) -> str:
    head = simple[:1500]
    title = (structure.title if structure else None) or ""
    if (_REPORT_TITLE.search(title) and not _ABOUT_REPORT.search(title)) or (
        structure is not None and structure.date_line and _CONGRESS.search(structure.date_line)
    ):
        return "work_report"
    if re.search(r"^各位代表", simple, re.M) and _CONGRESS.search(head):
        return "work_report"
    scores = {
        "deliberation": 3 * len(_DELIBERATION.findall(head)) + (2 if "审议" in title else 0),
        "consultation": 2 * len(_CONSULTATION.findall(head)),
        "meeting": 2 * len(_MEETING.findall(head)),
        "review": len(_REVIEW.findall(simple)),
    }
    if scores["deliberation"] >= 3 and "审议" in head:
        return "deliberation"
    if "征求意见" in head and scores["consultation"] >= 4:
        return "consultation"
    if scores["meeting"] >= 2 and scores["meeting"] >= scores["review"]:
        return "meeting"
    if scores["review"] >= 2:
        return "review"
    if scores["consultation"] >= 4:
        return "consultation"
    if scores["meeting"] >= 2:
        return "meeting"
    return "other"
