"""Tasks decomposed from the adopted report, their progress reports, and their supervision.

    Task              one line of the 分解表 (or a sub-item under one): lead unit, co-units,
                      leader, deadline, cadence, the paragraph or target or referral it came from
    Milestone         quarterly node (季度节点) of a task
    ProgressReport    one unit's report for one period, moved through the review flow
    ChangeRequest     extension (延期) or target adjustment, approved before the deadline
    StatusLabel       a region's own word for a status (序时推进 → 正常推进)
    ColourChange      the colour history of a task: a recovered red stays visible
    Notice            supervision notice (督办单): blue/yellow/red, received, answered, closed
    NoticeEvent       a notice's history: every answer and send-back, with who and when
    ProgressAttachment / NoticeAttachment   files sent with a report or a notice's answer
    LeaderInstruction  a leader's written instruction (领导批示) on a task, notice or report
    InstructionReceipt one unit that must act on it: read (已阅), answered (落实情况)
    Notification      an in-app message to one user (reminders, returns, notices)
    SupervisionBulletin  the monthly 督查通报 / quarterly 季度总结, drafted from the data

Status and colour are kept apart: status says where the work stands (reported by the unit,
checked against 序时), colour says how worried the supervision office is (computed by the
region's rules: `luoshi.core.colour_rules` with the region's `luoshi.core.models.ColourPreset`,
which indicator targets share). Both are stored on the task as the last evaluation wrote them,
so lists of 10⁴ tasks need no computation; `ColourChange` keeps every change.

The models live in modules by concern (`task`, `progress`, `status`, `notices`,
`notifications`, `instructions`; shared choices in `choices`, the abstract attachment in
`attachment_base`); import them from here.
"""

# isort: off
# In the order the models were defined before the split: the app registry keeps it.
from luoshi.tasks.models.choices import Cadence, Colour, TaskSource, TaskStatus
from luoshi.tasks.models.attachment_base import StoredAttachment, attachment_path
from luoshi.tasks.models.task import Milestone, Task
from luoshi.tasks.models.progress import (
    ChangeKind,
    ChangeRequest,
    DecisionState,
    ProgressAttachment,
    ProgressReport,
    ReportState,
)
from luoshi.tasks.models.status import ColourChange, StatusLabel
from luoshi.tasks.models.notices import (
    Notice,
    NoticeAttachment,
    NoticeColour,
    NoticeEvent,
    NoticeState,
    NoticeStep,
)
from luoshi.tasks.models.notifications import Notification
from luoshi.tasks.models.instructions import InstructionReceipt, LeaderInstruction
from luoshi.tasks.models.bulletins import BulletinKind, BulletinState, SupervisionBulletin
# isort: on

__all__ = [
    "BulletinKind",
    "BulletinState",
    "Cadence",
    "ChangeKind",
    "ChangeRequest",
    "Colour",
    "ColourChange",
    "DecisionState",
    "InstructionReceipt",
    "LeaderInstruction",
    "Milestone",
    "Notice",
    "NoticeAttachment",
    "NoticeColour",
    "NoticeEvent",
    "NoticeState",
    "NoticeStep",
    "Notification",
    "ProgressAttachment",
    "ProgressReport",
    "ReportState",
    "StatusLabel",
    "StoredAttachment",
    "SupervisionBulletin",
    "Task",
    "TaskSource",
    "TaskStatus",
    "attachment_path",
]
