"""What an action-log verb says to a clerk: `user.sign_in_failed` is shown as 登录失败.

Verb codes (`<entity>.<what happened>`) are for code and queries; a page never shows one. Every
verb the services write has its label here. A verb nobody labelled yet (a new one, or one the
admin writes for any model: `<model>.created`/`updated`/`deleted`) is named from its target's
model and its last word, and failing that reads 其他操作 — still never the code.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

VERB_LABELS: dict[str, Promise] = {
    # accounts: users, roles, tokens, sign-in
    "user.created": _("新建用户"),
    "user.updated": _("修改用户"),
    "user.staff_changed": _("调整后台权限"),
    "user.password_changed": _("修改密码"),
    "user.signed_in": _("登录"),
    "user.sign_in_failed": _("登录失败"),
    "user.sign_in_refused": _("锁定期间尝试登录"),
    "user.locked_out": _("登录失败次数过多，暂时锁定"),
    "membership.granted": _("授予角色"),
    "membership.revoked": _("撤销角色"),
    "api_token.created": _("创建 API 令牌"),
    "api_token.revoked": _("撤销 API 令牌"),
    "api_token.revoked_on_password_change": _("修改密码后撤销 API 令牌"),
    "failedsignin.deleted": _("解除登录锁定"),
    # core
    "region.created": _("新建行政区划"),
    "region.updated": _("修改行政区划"),
    "regions.loaded": _("导入行政区划"),
    "unit.created": _("新建单位"),
    "unit.updated": _("修改单位"),
    "backup.restored": _("从备份恢复"),
    # reports
    "report.created": _("新建工作报告"),
    "report.updated": _("修改工作报告"),
    "report.status_changed": _("变更报告状态"),
    "report.review_drafted": _("生成回顾部分草稿"),
    "report_version.created": _("保存报告新版本"),
    "report_version.published": _("发布报告版本"),
    "commitment.recorded": _("登记承诺事项"),
    "commitment.updated": _("修改承诺事项"),
    # indicators
    "indicator.created": _("新增指标"),
    "indicator.updated": _("修改指标"),
    "target.created": _("设定目标"),
    "target.updated": _("修改目标"),
    "target.allocated": _("分解目标"),
    "observation.created": _("录入指标数据"),
    "observation.updated": _("修改指标数据"),
    "observations.demo_loaded": _("载入演示数据"),
    # engagement
    "meeting.created": _("新建会议"),
    "meeting.attachment_added": _("上传会议材料"),
    "meeting.attachment_deleted": _("删除会议材料"),
    "opinion.recorded": _("登记意见"),
    "opinion.submitted": _("提交意见"),
    "opinion.triaged": _("梳理意见"),
    "opinion.answered": _("答复意见"),
    "opinion.change_linked": _("关联报告修改"),
    "referral.created": _("交办"),
    "referral.completed": _("办结交办事项"),
    # tasks
    "task.created": _("新建任务"),
    "task.updated": _("修改任务"),
    "task.deleted": _("删除任务"),
    "task.co_units_changed": _("调整配合单位"),
    "task.progress_updated": _("更新任务进度"),
    "task.change_requested": _("申请调整任务"),
    "task.change_decided": _("审批调整申请"),
    "task.changed_by_request": _("按申请调整任务"),
    "task.milestone_moved": _("调整节点时间"),
    "tasks.evaluated": _("评价任务状态"),
    "milestone.added": _("新增节点"),
    "milestone.updated": _("修改节点"),
    "milestone.deleted": _("删除节点"),
    "progress.started": _("开始填报进展"),
    "progress.saved": _("保存进展"),
    "progress.submitted": _("报送进展"),
    "progress.signed": _("审核签发进展"),
    "progress.approved": _("审核通过进展"),
    "progress.returned": _("退回进展"),
    "progress.consolidated": _("汇总进展"),
    "progress.unconsolidated": _("撤回汇总"),
    "progress.attachment_added": _("上传进展附件"),
    "progress.attachment_deleted": _("删除进展附件"),
    "notice.generated": _("生成督办单"),
    "notice.issued": _("下发督办单"),
    "notice.received": _("签收督办单"),
    "notice.answered": _("回复督办单"),
    "notice.closed": _("办结督办单"),
    "notice.sent_back": _("退回督办回复"),
    "notice.attachment_added": _("上传督办附件"),
    "notice.attachment_deleted": _("删除督办附件"),
    "notices.issued_by_rule": _("按规则下发督办单"),
    # projects
    "project.created": _("新建项目"),
    "project.updated": _("修改项目"),
    "project.stage_planned": _("计划项目节点"),
    "project.stage_advanced": _("推进项目阶段"),
    "project.stage_reverted": _("回退项目阶段"),
    "project.stage_date_corrected": _("更正阶段日期"),
    "project.carried_over_set": _("设定结转投资"),
    "project_preset.created": _("新建项目设置"),
    "project_preset.updated": _("修改项目设置"),
    "investment.recorded": _("录入月度投资"),
    "investment.corrected": _("更正月度投资"),
    "investment.recomputed": _("重算累计投资"),
    "inclusion.reported": _("申报纳统"),
    "inclusion.reviewed": _("审核纳统"),
    "inclusion.accepted": _("确认纳统"),
    "inclusion.returned": _("退回纳统申报"),
    "problem.raised": _("提出问题"),
    "problem.updated": _("修改问题"),
    "problem.escalation": _("记录问题上报"),
    "problem.escalated": _("上报问题"),
    "problem.resolved": _("解决问题"),
    "problem.reopened": _("重新打开问题"),
    # imports
    "import.uploaded": _("上传文件"),
    "import.read": _("识别文件"),
    "import.stalled": _("识别中断"),
    "import.requeued": _("重新排队识别"),
    "import.queue_failed": _("排队识别失败"),
    "import.updated": _("修改导入批次"),
    "import.accepted_pending": _("接受全部未处理条目"),
    "import.committed": _("导入入库"),
    "import_item.pending": _("重置导入条目"),
    "import_item.accepted": _("接受导入条目"),
    "import_item.edited": _("修改后接受导入条目"),
    "import_item.rejected": _("不采用导入条目"),
}

# The last word of a verb nobody labelled, as in the admin's `<model>.created`.
ACTION_LABELS: dict[str, Promise] = {
    "created": _("新建"),
    "updated": _("修改"),
    "deleted": _("删除"),
    "revoked": _("撤销"),
    "granted": _("授予"),
    "recorded": _("登记"),
    "submitted": _("提交"),
    "approved": _("审核通过"),
    "returned": _("退回"),
    "published": _("发布"),
}


def verb_label(verb: str, target_type: ContentType | None = None) -> str:
    """The verb in the interface language; never the code itself."""
    label = VERB_LABELS.get(verb)
    if label is not None:
        return str(label)
    action = ACTION_LABELS.get(verb.rpartition(".")[2])
    model = target_type.model_class() if target_type is not None else None
    if action is not None and model is not None:
        # A pattern, so that a language with spaces between words can have them.
        return gettext("%(action)s%(thing)s") % {
            "action": action,
            "thing": model._meta.verbose_name,
        }
    if action is not None:
        return str(action)
    return gettext("其他操作")
