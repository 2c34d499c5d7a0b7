"""A supervision bulletin's words: its title and the body drafted from the period's figures
(`luoshi.tasks.selectors.bulletin_figures`), written as offices write them — the addressee,
an opening line, then numbered sections 一、总体情况 二、存在问题 三、红黑榜 四、下步工作, one
paragraph a line. Pure: figures in, text out; `luoshi.tasks.services.bulletins` stores it."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from luoshi.core.sentences import clause
from luoshi.core.templatetags.chinese_dates import chinese_date
from luoshi.tasks.models.bulletins import BulletinKind, period_words
from luoshi.tasks.selectors.bulletin_figures import BulletinFigures, ReportCount

SECTION_WORDS = "一二三四五六七八九十"


def bulletin_title(kind: str, year: int, period: int) -> str:
    words = {"year": year, "period": period_words(kind, period)}
    if kind == BulletinKind.QUARTERLY:
        return _("%(year)d年%(period)s政府工作报告重点任务落实情况总结") % words
    return _("关于%(year)d年%(period)s政府工作报告重点任务落实情况的通报") % words


def _rate(value: Decimal | None) -> str:
    return f"{value}%" if value is not None else "—"


def _joined(parts: list[str]) -> str:
    return _("、").join(parts)


def _reports_sentence(count: ReportCount, span: str) -> str:
    if not count.due:
        return _("%(span)s没有应报送的进展报告。") % {"span": span}
    return _(
        "%(span)s应报送进展报告%(due)d份，按时报送%(on_time)d份，逾期报送或未报送%(late)d份"
        "（其中未报送%(missing)d份），按时报送率%(rate)s。"
    ) % {
        "span": span,
        "due": count.due,
        "on_time": count.on_time,
        "late": count.late,
        "missing": count.missing,
        "rate": _rate(count.on_time_percent),
    }


def _overall(figures: BulletinFigures, span: str) -> list[str]:
    exempt = (
        _("；另有%(n)d项经认定免责，不计入考核") % {"n": figures.exempt} if figures.exempt else ""
    )
    lines = [
        _(
            "%(region)s%(year)d年度纳入督查的重点任务共%(tasks)d项（含分项）。按截至%(day)s的"
            "评价结果，绿灯%(green)d项、黄灯%(yellow)d项、红灯%(red)d项；已完成%(done)d项"
            "%(exempt)s。"
        )
        % {
            "region": figures.region.name,
            "year": figures.year,
            "tasks": figures.tasks,
            "day": chinese_date(figures.as_of),
            "green": figures.by_colour.get("green", 0),
            "yellow": figures.by_colour.get("yellow", 0),
            "red": figures.red,
            "done": figures.done,
            "exempt": exempt,
        }
    ]
    assert figures.reports is not None
    lines.append(_reports_sentence(figures.reports, span))
    if figures.months:
        months = [
            _("%(month)d月应报送%(due)d份、按时报送%(on_time)d份，按时报送率%(rate)s")
            % {
                "month": count.first.month,
                "due": count.due,
                "on_time": count.on_time,
                "rate": _rate(count.on_time_percent),
            }
            for count in figures.months
        ]
        lines.append(_("分月看：%(months)s。") % {"months": _("；").join(months)})
    return lines


def _problems(figures: BulletinFigures, span: str) -> list[str]:
    if figures.red:
        named = [
            (
                _("%(n)d.%(title)s（牵头单位：%(unit)s；已认定免责）")
                if task.exempt_reason
                else _("%(n)d.%(title)s（牵头单位：%(unit)s）")
            )
            % {"n": i, "title": clause(task.title, 60), "unit": task.lead_unit.name}
            for i, task in enumerate(figures.red_tasks, start=1)
        ]
        more = _("等%(n)d项") % {"n": figures.red} if figures.red > len(figures.red_tasks) else ""
        red = _("（一）亮红灯任务。共%(n)d项：%(list)s%(more)s。") % {
            "n": figures.red,
            "list": _("；").join(named),
            "more": more,
        }
    else:
        red = _("（一）亮红灯任务。目前没有亮红灯的任务。")
    missing_total = sum(row.missing for row in figures.missing_units)
    if missing_total:
        units = [
            _("%(unit)s%(n)d份") % {"unit": row.unit.name, "n": row.missing}
            for row in figures.missing_units
        ]
        missing = _(
            "（二）未报送进展报告。截至%(day)s，%(span)s应报送的进展报告中有%(n)d份未报送，"
            "涉及%(units)d个单位：%(list)s。"
        ) % {
            "day": chinese_date(figures.as_of),
            "span": span,
            "n": missing_total,
            "units": len(figures.missing_units),
            "list": _joined(units),
        }
    else:
        missing = _("（二）未报送进展报告。%(span)s应报送的进展报告均已报送。") % {"span": span}
    if figures.returned:
        units = [
            _("%(unit)s%(n)d次") % {"unit": unit.name, "n": n} for unit, n in figures.returned_units
        ]
        returned = _(
            "（三）退办情况。%(span)s进展报告被退办%(n)d次，涉及%(units)d个单位：%(list)s。"
        ) % {
            "span": span,
            "n": figures.returned,
            "units": len(figures.returned_units),
            "list": _joined(units),
        }
    else:
        returned = _("（三）退办情况。%(span)s没有被退办的进展报告。") % {"span": span}
    return [red, missing, returned]


def _ranking(figures: BulletinFigures) -> list[str]:
    board = figures.ranking
    if board is None or not board.results:
        return [_("本期尚无计入考核的任务，未排名。")]
    if figures.kind == BulletinKind.QUARTERLY:
        scope = period_words(figures.kind, figures.period)
    else:
        scope = _("%(year)d年1月至%(month)d月累计") % {
            "year": figures.year,
            "month": figures.period,
        }
    lines = [
        _(
            "按照按时报送率、达序时率、退办次数、逾期任务和未办结的红色督办单等量化结果综合评分"
            "（只看工作结果，不统计登录、点击等活跃度），%(scope)s排名如下。"
        )
        % {"scope": scope}
    ]
    honour = [
        _("%(unit)s（%(score)s分）") % {"unit": row.unit.name, "score": row.score}
        for row in board.honour
    ]
    lines.append(_("光荣榜：%(list)s。") % {"list": _joined(honour)})
    if board.warning:
        warning = [
            _("%(unit)s（%(score)s分）") % {"unit": row.unit.name, "score": row.score}
            for row in board.warning
        ]
        lines.append(_("警示榜：%(list)s。") % {"list": _joined(warning)})
    return lines


def _next_steps() -> list[str]:
    return [
        _(
            "各牵头单位要对照年度目标和序时进度，对亮红灯、黄灯的任务逐项分析原因，制定整改措施，"
            "明确完成时限；配合单位要主动对接，按时报送进展。对未按时报送、被退办的单位，"
            "督查室将加大督办力度，视情况下发督办单，并将落实情况纳入年度考核。"
        )
    ]


def bulletin_text(figures: BulletinFigures) -> str:
    """The body as offices write it: the addressee, an opening line, then numbered sections,
    one paragraph a line."""
    span = _("本季度") if figures.kind == BulletinKind.QUARTERLY else _("本月")
    period = period_words(figures.kind, figures.period)
    if figures.kind == BulletinKind.QUARTERLY:
        opening = _("现将%(year)d年%(period)s%(region)s政府工作报告重点任务落实情况总结如下。")
    else:
        opening = _("现将%(year)d年%(period)s%(region)s政府工作报告重点任务落实情况通报如下。")
    lines = [
        _("各有关单位："),
        opening % {"year": figures.year, "period": period, "region": figures.region.name},
    ]
    if not figures.complete:
        lines.append(
            _("（%(period)s尚未结束，以下情况统计至%(day)s。）")
            % {"period": period, "day": chinese_date(figures.last)}
        )
    sections = [
        (_("总体情况"), _overall(figures, span)),
        (_("存在问题"), _problems(figures, span)),
        (_("红黑榜"), _ranking(figures)),
        (_("下步工作"), _next_steps()),
    ]
    for number, (heading, paragraphs) in zip(SECTION_WORDS, sections, strict=False):
        lines.append(_("%(n)s、%(heading)s") % {"n": number, "heading": heading})
        lines.extend(paragraphs)
    return "\n".join(lines)
