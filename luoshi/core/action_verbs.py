"""What an action-log verb says to a clerk: `user.sign_in_failed` is shown as 登录失败.

Verb codes (`<entity>.<what happened>`) are for code and queries; a page never shows one. Every
verb the services write has its label here. A verb nobody labelled yet (a new one, or one the
admin writes for any model: `<model>.created`/`updated`/`deleted`) is named from its target's
model and its last word, and failing that reads 其他操作 — still never the code.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    "meeting.updated": _("修改会议"),
    "opinion.rated": _("代表评价意见答复"),
    "meeting.contents_changed": _("修改会议人员、发言或指示要求"),
    "meeting.attachment_added": _("上传会议材料"),
    "meeting.attachment_deleted": _("删除会议材料"),
    "opinion.recorded": _("登记意见"),
    "opinion.submitted": _("提交意见"),
    "opinion.triaged": _("梳理意见"),
    "opinion.answered": _("答复意见"),
    "opinion.change_linked": _("关联报告修改"),
    "opinion.handed": _("交办代表建议"),
    "opinion.reopened": _("代表不满意，重新办理"),
    "referral.created": _("交办"),
    "referral.completed": _("办结交办事项"),
    "cooperation.created": _("登记合作事项"),
    "cooperation.updated": _("修改合作事项"),
    "cooperation.followed": _("跟进合作事项"),
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
    "bulletin.drafted": _("起草督查通报"),
    "bulletin.redrafted": _("重新起草督查通报"),
    "bulletin.updated": _("修改督查通报"),
    "bulletin.issued": _("印发督查通报"),
    "instruction.given": _("作出领导批示"),
    "instruction.acknowledged": _("阅知领导批示"),
    "instruction.answered": _("反馈批示落实情况"),
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
    "import_corpus.created": _("批量导入"),
    "import_corpus.uploaded": _("上传批量导入的文件"),
    "import_corpus.committed": _("无问题的报告一次入库"),
    "open_data.generated": _("生成开放数据包"),
    "appeal.submitted": _("网上提交诉求"),
    "appeal.recorded": _("登记热线诉求"),
    "appeal.received": _("接收推送的诉求"),
    "appeal.dispatched": _("诉求派单"),
    "appeal.signed": _("签收诉求"),
    "appeal.returned": _("诉求退单"),
    "appeal.assisted": _("诉求协办意见"),
    "appeal.answered": _("答复诉求"),
    "appeal.visited": _("诉求回访"),
    "appeal.reopened": _("诉求重办"),
    "appeal.closed": _("诉求办结"),
    "appeal.merged": _("合并重复诉求"),
    "appeal.hotspot_assigned": _("诉求热点转为任务"),
    "appeal.task_linked": _("任务关联诉求"),
    "appeal.task_unlinked": _("任务移除关联诉求"),
    "appeal.published": _("公开诉求典型案例"),
    "appeal.unpublished": _("撤回诉求典型案例"),
    "appeal.contacts_erased": _("到期清除诉求人联系方式"),
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


# --- Sentences (luoshi.core.log_sentences) ---------------------------------------------------
#
# A log entry reads as a sentence: 王丽 退回了进展报告「…」：请补充…. The sentence is built from
# the verb's phrase (退回了), the thing it was done to (the target's kind, 进展报告, unless the
# phrase names it otherwise) and the target's name as the entry recorded it. A verb without a
# phrase reads "<who> <label>：<target>", which is still words, never the code.


@dataclass(frozen=True)
class VerbPhrase:
    """How a verb reads in a sentence: `verb` before the thing («退回了»), `thing` in place of
    the target's kind when the kind reads badly («纳统申报» for 提交了), `tail` after the
    thing's name («的配合单位»). `bare`: the sentence names no thing (王丽 登录了系统);
    `name_only`: the thing by its name alone, without its kind (按规则在「清源县」下发了督办单).
    `nobody`: who did it when no account did (公众, for an opinion sent from the public page;
    otherwise 系统).
    `subject_is_target`: the target is who acted (a failed sign-in has no signed-in actor)."""

    verb: Promise
    thing: Promise | None = None
    tail: Promise | None = None
    bare: bool = False
    subject_is_target: bool = False
    name_only: bool = False
    nobody: Promise | None = None


P = VerbPhrase

VERB_PHRASES: dict[str, VerbPhrase] = {
    # accounts
    "user.staff_changed": P(_("调整了"), tail=_("的后台权限")),
    "user.password_changed": P(_("修改了"), tail=_("的密码")),
    "user.signed_in": P(_("登录了系统"), bare=True),
    "user.sign_in_failed": P(_("登录失败"), bare=True, subject_is_target=True),
    "user.sign_in_refused": P(_("在锁定期间尝试登录"), bare=True, subject_is_target=True),
    "user.locked_out": P(_("登录失败次数过多，被暂时锁定"), bare=True, subject_is_target=True),
    "membership.granted": P(_("授予了"), thing=_("角色")),
    "membership.revoked": P(_("撤销了"), thing=_("角色")),
    "api_token.created": P(_("创建了")),
    "api_token.revoked_on_password_change": P(_("修改密码后撤销了")),
    "failedsignin.deleted": P(_("解除了"), thing=_("登录锁定")),
    # core
    "regions.loaded": P(_("导入了行政区划"), bare=True),
    "backup.restored": P(_("从备份恢复了数据"), bare=True),
    # reports
    "report.status_changed": P(_("变更了"), tail=_("的状态")),
    "report.review_drafted": P(_("生成了"), tail=_("的回顾部分草稿")),
    "report_version.created": P(_("保存了")),
    "commitment.recorded": P(_("登记了")),
    # indicators
    "indicator.created": P(_("新增了")),
    "target.created": P(_("设定了")),
    "target.allocated": P(_("分解了")),
    "observation.created": P(_("录入了"), thing=_("指标数据")),
    "observation.updated": P(_("修改了"), thing=_("指标数据")),
    "observations.demo_loaded": P(_("载入了演示数据"), bare=True),
    # engagement
    "meeting.attachment_added": P(_("上传了"), thing=_("会议材料")),
    "meeting.attachment_deleted": P(_("删除了"), thing=_("会议材料")),
    "opinion.submitted": P(_("提交了"), nobody=_("公众")),
    "opinion.triaged": P(_("梳理了")),
    "opinion.answered": P(_("答复了")),
    "opinion.change_linked": P(_("为"), tail=_("关联了报告修改")),
    "opinion.handed": P(_("交办了")),
    "opinion.reopened": P(_("退回重新办理了")),
    "referral.created": P(_("交办了")),
    "referral.completed": P(_("办结了")),
    "cooperation.followed": P(_("跟进了")),
    # tasks
    "task.co_units_changed": P(_("调整了"), tail=_("的配合单位")),
    "task.progress_updated": P(_("更新了"), tail=_("的进度")),
    "task.change_requested": P(_("提交了")),
    "task.change_decided": P(_("审批了")),
    "task.changed_by_request": P(_("按申请调整了")),
    "task.milestone_moved": P(_("调整了"), tail=_("的节点时间")),
    "tasks.evaluated": P(_("评价了任务状态和颜色"), bare=True),
    "milestone.added": P(_("新增了")),
    "progress.started": P(_("开始填报")),
    "progress.saved": P(_("保存了")),
    "progress.submitted": P(_("报送了")),
    "progress.signed": P(_("审签了")),
    "progress.consolidated": P(_("汇总了")),
    "progress.unconsolidated": P(_("撤回了"), tail=_("的汇总")),
    "progress.attachment_added": P(_("上传了")),
    "progress.attachment_deleted": P(_("删除了")),
    "notice.generated": P(_("生成了")),
    "notice.issued": P(_("下发了")),
    "notice.received": P(_("签收了")),
    "notice.answered": P(_("反馈了"), tail=_("的办理情况")),
    "notice.closed": P(_("办结了")),
    "notice.sent_back": P(_("退回了"), tail=_("的办理情况，要求重办")),
    "notice.attachment_added": P(_("上传了")),
    "notice.attachment_deleted": P(_("删除了")),
    "notices.issued_by_rule": P(_("按规则在"), tail=_("下发了督办单"), name_only=True),
    "bulletin.drafted": P(_("起草了")),
    "bulletin.redrafted": P(_("用最新数据重新起草了")),
    "bulletin.updated": P(_("修改了")),
    "bulletin.issued": P(_("印发了")),
    "instruction.given": P(_("作出了")),
    "instruction.acknowledged": P(_("阅知了"), thing=_("领导批示")),
    "instruction.answered": P(_("反馈了"), thing=_("领导批示"), tail=_("的落实情况")),
    # projects
    "project.stage_planned": P(_("计划了"), tail=_("的阶段时间")),
    "project.stage_advanced": P(_("推进了"), tail=_("的阶段")),
    "project.stage_reverted": P(_("回退了"), tail=_("的阶段")),
    "project.stage_date_corrected": P(_("更正了"), tail=_("的阶段日期")),
    "project.carried_over_set": P(_("设定了"), tail=_("的结转投资")),
    "investment.recorded": P(_("录入了")),
    "investment.corrected": P(_("更正了")),
    "investment.recomputed": P(_("重算了"), tail=_("的累计投资")),
    "inclusion.reported": P(_("提交了")),
    "inclusion.reviewed": P(_("审核了")),
    "inclusion.accepted": P(_("确认了")),
    "problem.raised": P(_("提出了")),
    "problem.escalation": P(_("记录了")),
    "problem.escalated": P(_("上报了")),
    "problem.resolved": P(_("解决了")),
    "problem.reopened": P(_("重新打开了")),
    # imports
    "import.uploaded": P(_("上传了"), thing=_("文件")),
    "import.read": P(_("识别了"), thing=_("文件")),
    "import.requeued": P(_("将"), thing=_("文件"), tail=_("重新排队识别")),
    "import.accepted_pending": P(_("接受了"), tail=_("的全部未处理条目")),
    "import.committed": P(_("将"), tail=_("导入入库")),
    "import_item.pending": P(_("重置了")),
    "import_item.accepted": P(_("接受了")),
    "import_item.edited": P(_("修改后接受了")),
    "import_item.rejected": P(_("决定不采用")),
}

# The last word of a verb without a phrase of its own (the admin's `<model>.created`…).
ACTION_PHRASES: dict[str, Promise] = {
    "created": _("新建了"),
    "updated": _("修改了"),
    "deleted": _("删除了"),
    "revoked": _("撤销了"),
    "granted": _("授予了"),
    "recorded": _("登记了"),
    "submitted": _("提交了"),
    "approved": _("审核通过了"),
    "returned": _("退回了"),
    "published": _("发布了"),
}


def verb_phrase(verb: str) -> VerbPhrase | None:
    """The verb's sentence phrase: its own, else its last word's, else None."""
    phrase = VERB_PHRASES.get(verb)
    if phrase is not None:
        return phrase
    action = ACTION_PHRASES.get(verb.rpartition(".")[2])
    return VerbPhrase(action) if action is not None else None
