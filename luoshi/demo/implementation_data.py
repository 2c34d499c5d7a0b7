"""The demo county's 2026 implementation, written by the team: tasks decomposed from the
adopted report, progress reported through the review flow for the first three quarters,
status and colour as of a fixed day, key projects with their monthly investment, and
supervision notices.

Everything is written through the services the pages use, as the people of the demo would
(the liaison reports, the head signs, the lead unit consolidates, the supervision office
approves); a unit without demo people acts as the system. Every date is fixed in 2026, so
the demo looks the same whatever day it is loaded — except the moments the services stamp
themselves (when a report was submitted, a notice received).

The story as of 15 October 2026:

- most tasks are on schedule (one ahead, one done early); three are yellow (industry,
  grain after the drought, the cold-chain centre); the old-quarter renovation missed its
  September deadline and is red; the pocket parks were red in July and have recovered;
- a June road report was returned (退办) by the office and resubmitted; September reports
  wait for a signature, for consolidation and for review, so every inbox has work;
- the cold-chain centre asks to extend its deadline (pending);
- notices were issued by rule: red for what is overdue (the old-quarter renovation, past its
  deadline; industry, whose half-year node was missed), yellow for grain, behind 序时; the
  cold-chain centre's pending extension holds its notice back. The grain notice was received
  and answered, the red ones are still waiting;
- seven key projects: one included in the statistics (纳统), two on their way, one not
  started, one problem escalated to the city.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction

from luoshi.accounts.models import Role, User
from luoshi.core.models import Region, Unit
from luoshi.demo import dataset
from luoshi.indicators.models import Target
from luoshi.projects.investment_rules import MonthFigures
from luoshi.projects.models import Category, ProblemCategory, Project, ProjectPreset
from luoshi.projects.services import (
    Evidence,
    ProblemInput,
    ProjectInput,
    inclusion_accept,
    inclusion_report,
    inclusion_review,
    investment_record,
    preset_set,
    problem_create,
    problem_escalate,
    problem_resolve,
    project_create,
    stage_advance,
    stage_plan,
)
from luoshi.reports.models import WorkReport
from luoshi.tasks.models import (
    BulletinKind,
    Cadence,
    ChangeKind,
    Milestone,
    Notice,
    ProgressReport,
    ReportState,
    Task,
    TaskSource,
)
from luoshi.tasks.notice_rules import RULE_YELLOW
from luoshi.tasks.periods import ReportingPeriod, period_containing
from luoshi.tasks.services.bulletins import bulletin_draft
from luoshi.tasks.services.change_requests import change_request_create
from luoshi.tasks.services.decomposition import (
    TaskInput,
    milestone_add,
    milestone_update,
    next_top_number,
    quarter_end,
    subitem_create,
    task_create,
    task_update,
)
from luoshi.tasks.services.decomposition_sources import (
    Assignment,
    tasks_from_paragraphs,
    tasks_from_targets,
)
from luoshi.tasks.services.evaluation import tasks_evaluate
from luoshi.tasks.services.instructions import instruction_give
from luoshi.tasks.services.progress_flow import (
    ProgressInput,
    progress_approve,
    progress_consolidate,
    progress_return,
    progress_save,
    progress_sign,
)
from luoshi.tasks.services.supervision import (
    notice_answer,
    notice_receive,
    notices_generate,
)

YEAR = 2026
EVALUATED_ON = date(2026, 10, 15)  # the day of the demo's evaluation and notices
LEADER_USERNAME = "xianzhang"  # the county head, who writes the demo's 领导批示
GRAIN_INSTRUCTION = "粮食生产事关全局，请农业农村局对照序时进度查找差距，月底前报送整改措施。"
REPORT_DAY = 20  # units write their report on the 20th, before the 25th it is due
REVIEW_DAYS = 10  # the office approves ten days after the due date


@dataclass(frozen=True)
class TaskPlan:
    """One task of the demo and what happens to it through the first three quarters."""

    key: str
    lead: str  # unit key in dataset.UNITS
    co: tuple[str, ...] = ()
    co_notes: tuple[str, ...] = ()  # what each co-unit reports, in the order of `co`
    co_every_period: bool = True  # False: co-units report in the quarter's last month only
    leader: str = ""
    cadence: str = Cadence.QUARTERLY
    public: bool = False
    # Where it comes from: "target" (ref: indicator code:measure), "paragraph" (ref: words of
    # the paragraph of the adopted report), "subitem" (ref: the parent's key) or "manual".
    source: str = "manual"
    ref: str = ""
    title: str = ""  # sub-items and manual tasks
    deadline: date | None = None  # None: the end of the year
    deadline_text: str = ""
    start: date | None = None
    milestones: tuple[tuple[int, str], ...] = ()  # (quarter, node)
    done_quarters: tuple[int, ...] = ()
    percents: tuple[str, ...] = ()  # reported percent of each period from the first
    notes: tuple[str, ...] = ()  # progress of each period; one text: a monthly template
    scale: str = ""  # the year's amount the template's {amount} is a share of
    problems: str = ""
    next_steps: str = ""
    last_state: str = ReportState.APPROVED  # where the last period's report is left
    done_at_last: bool = False
    returned_period: int | None = None  # index of the period whose report is returned once
    first_try: str = ""  # the returned report's text


TASKS: tuple[TaskPlan, ...] = (
    # --- the year's main targets --------------------------------------------------------
    TaskPlan(
        key="gdp",
        source="target",
        ref="gdp:growth",
        lead="fgj",
        co=("tjj",),
        co_notes=("按月提供地区生产总值核算和主要指标监测数据，开展运行分析。",),
        co_every_period=False,
        leader="李建国",
        cadence=Cadence.MONTHLY,
        public=True,
        milestones=(
            (1, "一季度地区生产总值增长5.5%以上，实现开门稳"),
            (2, "上半年增长6%左右，时间过半、任务过半"),
            (3, "前三季度增长保持在6%左右"),
            (4, "全年增长6%左右"),
        ),
        done_quarters=(1, 2, 3),
        percents=("8", "16", "25", "33", "42", "50", "59", "70", "78"),
        notes=(
            "召开全县经济工作调度会，分解下达一季度指标，重点企业开工率达到九成。",
            "节后复工复产有序推进，规上工业企业全部复工，春季招商签约项目12个。",
            "一季度地区生产总值增长5.8%，工业、投资、消费三项指标均高于全市平均。",
            "组织重点项目集中开工，新开工项目9个；外贸出口订单有所回升。",
            "开展助企纾困走访，协调解决企业用工、融资问题23个。",
            "上半年地区生产总值增长6.1%，增速居全市第3位。",
            "受持续降雨影响部分工地停工，投资增速有所回落，其他指标运行平稳。",
            "举办夏季消费季活动，社零额当月增长6.4%，经济运行总体平稳。",
            "前三季度地区生产总值预计增长6%左右，主要指标保持在合理区间。",
        ),
        problems="工业投资增速偏缓，新增规上企业数量不及预期。",
        next_steps="加强经济运行监测调度，抓好入规企业培育，推动重点项目加快形成实物工作量。",
        last_state=ReportState.SUBMITTED,
    ),
    TaskPlan(
        key="industry",
        source="target",
        ref="industry-value-added:growth",
        lead="gxj",
        co=("kfq",),
        co_notes=("组织园区企业开展产销对接，推动在建工业项目投产。",),
        leader="吴志刚",
        milestones=(
            (1, "新增入规工业企业3家"),
            (2, "上半年规上工业增加值增长7.5%以上"),
            (3, "前三季度增长8%以上"),
            (4, "全年增长8%以上"),
        ),
        done_quarters=(1,),
        percents=("20", "42", "62"),
        notes=(
            "一季度规上工业增加值增长7.2%，新增入规企业3家。",
            "上半年规上工业增加值增长7.4%，建材行业产量下降拖累增速。",
            "前三季度规上工业增加值增长7.1%，两家骨干企业订单不足减产，增速低于目标。",
        ),
        problems="建材、化工两个行业产值下降，新投产项目达产较慢。",
        next_steps="逐企分析减产原因，协调订单对接和要素保障，推动新投产项目尽快达产。",
    ),
    TaskPlan(
        key="investment_growth",
        source="target",
        ref="fixed-asset-investment:growth",
        lead="fgj",
        co=("zrj",),
        co_notes=("做好项目用地预审和规划许可，保障项目按期供地。",),
        leader="吴志刚",
        milestones=(
            (1, "一季度固定资产投资增长7%以上，新开工项目20个"),
            (2, "上半年增长7%以上"),
            (3, "前三季度增长7%以上"),
            (4, "全年增长7%"),
        ),
        done_quarters=(1, 2, 3),
        percents=("26", "56", "90"),
        notes=(
            "一季度固定资产投资增长9.3%，新开工项目22个。",
            "上半年固定资产投资增长8.8%，其中工业投资增长12.1%。",
            "前三季度固定资产投资增长8.5%，高于年度目标1.5个百分点。",
        ),
        problems="部分项目前期手续办理周期较长。",
        next_steps="抓好四季度项目入库，确保全年投资平稳收官。",
    ),
    TaskPlan(
        key="investment_level",
        source="target",
        ref="fixed-asset-investment:level",
        lead="fgj",
        co=("jtj", "zjj", "kfq"),
        co_notes=(
            "报送交通建设项目投资完成情况，督促施工单位按月入库。",
            "报送市政和房建项目投资完成情况。",
            "报送园区工业项目投资完成情况。",
        ),
        co_every_period=False,
        leader="吴志刚",
        cadence=Cadence.MONTHLY,
        milestones=(
            (1, "一季度完成投资13亿元"),
            (2, "上半年完成投资28亿元"),
            (3, "前三季度完成投资43亿元"),
            (4, "全年完成投资56亿元以上"),
        ),
        done_quarters=(1, 2, 3),
        percents=("7", "15", "24", "32", "41", "50", "60", "70", "78"),
        notes=("{months}全县完成固定资产投资{amount}亿元，占年度目标的{percent}%。",),
        scale="56",
        problems="交通、市政类项目资金到位偏慢，部分项目投资进度滞后于计划。",
        next_steps="按月调度在建项目投资进度，督促建设单位及时入库，加快资金拨付。",
        last_state=ReportState.SIGNED,
    ),
    TaskPlan(
        key="retail",
        source="target",
        ref="retail-sales:growth",
        lead="swj",
        leader="郑海燕",
        milestones=(
            (1, "举办迎春消费节"),
            (2, "上半年社会消费品零售总额增长6%左右"),
            (3, "开展秋季汽车、家电促销"),
            (4, "全年增长6%左右"),
        ),
        done_quarters=(1, 2, 3),
        percents=("25", "51", "80"),
        notes=(
            "一季度社会消费品零售总额增长6.2%，迎春消费节带动销售额1.3亿元。",
            "上半年社零额增长6.0%，新增限额以上商贸企业6家。",
            "前三季度社零额增长6.3%，汽车、家电以旧换新拉动明显。",
        ),
        problems="餐饮住宿业恢复偏慢，县域商业网点布局不够均衡。",
        next_steps="办好年货节和冬季促销活动，推动限上企业应统尽统。",
    ),
    TaskPlan(
        key="revenue",
        source="target",
        ref="general-budget-revenue:growth",
        lead="czj",
        leader="吴志刚",
        milestones=(
            (1, "一季度收入完成年度预算的25%"),
            (2, "上半年收入完成年度预算过半"),
            (3, "前三季度完成年度预算的75%以上"),
            (4, "全年增长5%"),
        ),
        done_quarters=(1, 2, 3),
        percents=("24", "50", "79"),
        notes=(
            "一季度一般公共预算收入1.1亿元，增长5.4%。",
            "上半年收入2.3亿元，增长5.1%，时间过半、任务过半。",
            "前三季度收入3.7亿元，增长5.3%，税收收入占比保持在七成以上。",
        ),
        problems="非税收入增长乏力，房地产相关税收下降。",
        next_steps="加强重点税源监控，依法清缴欠税，确保收入质量。",
    ),
    TaskPlan(
        key="grain",
        source="target",
        ref="grain-output:level",
        lead="nyj",
        leader="黄文斌",
        milestones=(
            (1, "完成春耕备耕，落实粮食播种面积"),
            (2, "夏粮收获入库"),
            (3, "做好秋粮田间管理和防灾减灾"),
            (4, "粮食产量稳定在32.5万吨以上"),
        ),
        done_quarters=(1, 2, 3),
        percents=("10", "30", "60"),
        notes=(
            "完成春耕备耕，落实粮食播种面积61.2万亩，及时发放耕地地力保护补贴。",
            "夏粮收获入库9.6万吨，受4月低温影响较上年略减。",
            "秋粮进入收获期，8月持续干旱造成部分乡镇玉米减产，全年产量可能低于目标。",
        ),
        problems="8月旱情导致部分旱地玉米减产，抗旱水源工程不足。",
        next_steps="抓好秋粮抢收和冬小麦扩种，落实受灾农户救助和农业保险理赔。",
    ),
    # --- the tasks of the report, with their sub-items ------------------------------------
    TaskPlan(
        key="upgrade",
        source="paragraph",
        ref="工业技改",
        lead="gxj",
        co=("fgj", "kfq"),
        co_notes=(
            "做好技改项目备案和数字化服务中心立项审批。",
            "协调园区企业技改项目用地、用电。",
        ),
        leader="吴志刚",
        milestones=(
            (1, "技改项目备案10个；数字化服务中心完成选址和设计"),
            (2, "技改项目开工20个；服务中心主体施工"),
            (3, "技改项目开工30个；服务中心建成试运行"),
            (4, "技改项目验收20个以上"),
        ),
        done_quarters=(1, 2, 3),
        percents=("25", "52", "80"),
        notes=(
            "技改项目完成备案12个；县级数字化服务中心完成选址和方案设计。",
            "技改项目开工21个，完成投资3.6亿元；数字化服务中心装修过半。",
            "技改项目开工30个，开工任务全部完成；数字化服务中心建成并试运行。",
        ),
        problems="个别技改项目设备采购周期长，投产时间推迟。",
        next_steps="组织技改项目竣工验收，兑现技改奖补资金。",
    ),
    TaskPlan(
        key="upgrade_projects",
        source="subitem",
        ref="upgrade",
        title="实施工业技改项目30个",
        lead="gxj",
        co=("kfq",),
        co_notes=("协调园区技改项目用电增容。",),
        leader="吴志刚",
        deadline_text="年底前",
        milestones=((1, "完成备案10个"), (2, "开工20个"), (3, "开工30个"), (4, "验收20个以上")),
        done_quarters=(1, 2, 3),
        percents=("22", "48", "72"),
        notes=(
            "一季度技改项目完成备案12个，开工6个。",
            "上半年开工21个，完成技改投资3.6亿元。",
            "前三季度开工30个，其中8个已完成设备安装。",
        ),
        problems="部分项目进口设备到货延迟。",
        next_steps="督促设备到货安装，年底前组织验收。",
    ),
    TaskPlan(
        key="digital_centre",
        source="subitem",
        ref="upgrade",
        title="年内建成县级数字化服务中心",
        lead="fgj",
        co=("gxj",),
        co_notes=("梳理企业数字化转型需求清单，对接服务中心。",),
        leader="吴志刚",
        deadline_text="年内",
        milestones=((1, "完成选址和方案设计"), (2, "完成装修和设备招标"), (3, "建成投入运行")),
        done_quarters=(1, 2, 3),
        percents=("30", "60", "100"),
        notes=(
            "完成选址和方案设计，立项批复已下达。",
            "主体装修完成，设备采购完成招标。",
            "服务中心建成投入运行，首批接入政务服务事项86项，提前完成年度任务。",
        ),
        problems="运维人员配备不足。",
        next_steps="开展人员培训，做好运行保障。",
        done_at_last=True,
    ),
    TaskPlan(
        key="roads_parks",
        source="paragraph",
        ref="农村公路",
        lead="jtj",
        co=("nyj", "zjj"),
        co_notes=(
            "统筹乡村振兴衔接资金支持农村公路建设。",
            "推进城市口袋公园建设，按季度报送进度。",
        ),
        leader="郑海燕",
        public=True,
        milestones=(
            (1, "农村公路开工30公里；口袋公园完成选址"),
            (2, "农村公路完工40公里；口袋公园开工6个"),
            (3, "农村公路完工80公里；口袋公园建成8个"),
            (4, "农村公路完工100公里；口袋公园建成10个"),
        ),
        done_quarters=(1, 2, 3),
        percents=("20", "48", "82"),
        notes=(
            "农村公路开工35公里；口袋公园选址10处全部确定。",
            "农村公路完工47公里；口袋公园开工7个。",
            "农村公路完工82公里；口袋公园建成8个并向市民开放。",
        ),
        problems="山区路段施工难度大，雨季影响工期。",
        next_steps="抓住四季度施工黄金期，确保年底前全面完工。",
    ),
    TaskPlan(
        key="roads",
        source="subitem",
        ref="roads_parks",
        title="新建改造农村公路100公里",
        lead="jtj",
        co=("nyj",),
        co_notes=("配合做好沿线村组群众工作和用地协调。",),
        co_every_period=False,
        leader="郑海燕",
        cadence=Cadence.MONTHLY,
        public=True,
        deadline_text="年底前",
        milestones=(
            (1, "开工30公里"),
            (2, "完工40公里"),
            (3, "完工80公里"),
            (4, "完工100公里并通过交工验收"),
        ),
        done_quarters=(1, 2, 3),
        percents=("4", "9", "18", "27", "37", "47", "58", "70", "82"),
        notes=("{months}累计新建改造农村公路{amount}公里，完成年度任务的{percent}%。",),
        scale="100",
        problems="山区路段地质条件复杂，部分标段施工进度偏慢。",
        next_steps="增加施工机械和作业面，加强质量抽检。",
        last_state=ReportState.CONSOLIDATED,
        returned_period=5,
        first_try="上半年累计新建改造农村公路52公里，超额完成半年任务。",
    ),
    TaskPlan(
        key="parks",
        source="subitem",
        ref="roads_parks",
        title="年内建成城市口袋公园10个",
        lead="zjj",
        co=("zrj",),
        co_notes=("办理口袋公园用地手续。",),
        leader="郑海燕",
        deadline_text="年内",
        milestones=((1, "完成10处选址"), (2, "开工6个"), (3, "建成8个"), (4, "建成10个")),
        done_quarters=(1, 3),
        percents=("10", "15", "80"),
        notes=(
            "完成口袋公园选址10处，其中老城区6处。",
            "老城区两处地块权属存在争议，仅开工2个，进度严重滞后。",
            "权属争议化解后集中施工，已建成8个，进度赶上序时。",
        ),
        problems="老城区地块权属复杂，前期征求意见耗时较长。",
        next_steps="抓紧剩余2个公园建设，同步做好绿化管护。",
    ),
    # --- tasks the office added by hand ----------------------------------------------------
    TaskPlan(
        key="old_quarters",
        title="9月底前完成城关镇老旧小区改造8个",
        lead="zjj",
        co=("cgz",),
        co_notes=("入户做好居民意见征集和矛盾调解。",),
        leader="郑海燕",
        deadline=date(2026, 9, 30),
        deadline_text="9月底前",
        milestones=(
            (1, "完成改造方案和居民意见征集"),
            (2, "8个小区全部开工"),
            (3, "全部完工并验收"),
        ),
        done_quarters=(1, 2),
        percents=("20", "55", "85"),
        notes=(
            "完成8个小区改造方案设计，入户征求居民意见1260户。",
            "8个小区全部开工，4个小区完成管网改造。",
            "已完工6个；2个小区因加装电梯意见不统一未能按期完工。",
        ),
        problems="2个小区居民对加装电梯意见分歧较大，工程未能按期完成。",
        next_steps="会同城关镇逐户做好协调，力争11月底前完工。",
    ),
    TaskPlan(
        key="cold_chain",
        title="10月底前建成农产品冷链物流中心",
        lead="nyj",
        co=("swj",),
        co_notes=("对接农产品流通企业，落实冷库入驻意向。",),
        leader="黄文斌",
        deadline=date(2026, 10, 31),
        deadline_text="10月底前",
        milestones=(
            (1, "完成土地摘牌和施工许可"),
            (2, "主体结构封顶"),
            (3, "完成冷库设备安装"),
            (4, "建成投入使用"),
        ),
        done_quarters=(1, 2),
        percents=("25", "50", "72"),
        notes=(
            "完成土地摘牌，取得施工许可证。",
            "主体结构封顶，冷库设备完成招标。",
            "冷库设备已安装七成；供电增容尚未批复，无法通电调试。",
        ),
        problems="冷库供电需新建专用变电站，增容审批未完成。",
        next_steps="提请市级协调供电增容，同步推进室外配套工程。",
    ),
    TaskPlan(
        key="irrigation",
        title="11月至12月开展冬春农田水利基本建设，整修灌溉渠道50公里",
        lead="nyj",
        co=("zrj", "cgz"),
        leader="黄文斌",
        cadence=Cadence.WEEKLY,
        start=date(2026, 11, 1),
        deadline=date(2026, 12, 31),
        deadline_text="12月底前",
        milestones=((4, "整修灌溉渠道50公里"),),
    ),
)

RETURN_REASON = (
    "上报的累计里程与县交通运输局工程月报（47公里）不一致，请核实后重新报送，并附施工现场照片。"
)
EXTENSION_REASON = (
    "冷库需新建专用变电站，供电增容须报市供电公司审批，设备无法在10月底前通电调试，"
    "申请将完成时限延至12月底。"
)
EXTENSION_ASKED_ON = date(2026, 10, 10)
GRAIN_NOTICE_ANSWER = (
    "已组织各乡镇抢收秋粮，受旱的2.3万亩玉米已落实农业保险理赔；扩种冬小麦1.5万亩，"
    "并争取省级抗旱水源工程资金，力争全年产量与目标的差距控制在1万吨以内。"
)


@dataclass(frozen=True)
class ProjectPlan:
    """One key project of the county's 2026 list."""

    name: str
    unit: str
    category: str
    total: str  # 万元
    annual_plan: str
    content: str
    leader: str
    before_year: str = "0"
    started_planned: date | None = None
    planned: tuple[tuple[str, date], ...] = ()  # stage → planned date (besides the start)
    actual: tuple[tuple[str, date], ...] = ()  # stage → the day it was reached, in order
    completed_on: date | None = None  # 竣工, recorded after 纳统 when both happen
    factors: tuple[str, ...] = ()  # completed ÷ planned of each month from `first_month`
    first_month: int = 1
    task: str = ""  # key of the task the project carries out
    public: bool = False
    inclusion: str = ""  # "accepted", "reviewed", "reported" or ""
    included_on: date | None = None


PROJECTS: tuple[ProjectPlan, ...] = (
    ProjectPlan(
        name="清源经济开发区标准化厂房三期",
        unit="kfq",
        category=Category.INDUSTRY,
        total="18000",
        annual_plan="8000",
        before_year="5200",
        content="新建标准化厂房6栋4.2万平方米，配套园区道路和给排水管网。",
        leader="吴志刚",
        started_planned=date(2025, 9, 1),
        planned=(("completed", date(2027, 6, 30)),),
        actual=(
            ("signed", date(2025, 2, 26)),
            ("approved", date(2025, 5, 20)),
            ("started", date(2025, 9, 18)),
        ),
        factors=("0.6", "0.7", "1.1", "1.2", "1.1", "1.0", "0.9", "1.1", "1.0"),
        public=True,
        inclusion="accepted",
        included_on=date(2025, 10, 28),
    ),
    ProjectPlan(
        name="清源县数字化服务中心",
        unit="fgj",
        category=Category.INFRASTRUCTURE,
        total="6800",
        annual_plan="6800",
        content="改造办公用房5200平方米，建设数据机房、政务服务和企业服务平台。",
        leader="吴志刚",
        started_planned=date(2026, 3, 1),
        planned=(("approved", date(2026, 2, 10)), ("completed", date(2026, 10, 31))),
        actual=(("approved", date(2026, 2, 12)), ("started", date(2026, 3, 16))),
        completed_on=date(2026, 9, 28),
        factors=("0.8", "1.2", "1.4", "1.5", "1.5", "1.3", "1.2"),
        first_month=3,
        task="digital_centre",
        inclusion="reviewed",
    ),
    ProjectPlan(
        name="清源县农村公路提质改造工程（2026年度）",
        unit="jtj",
        category=Category.INFRASTRUCTURE,
        total="15000",
        annual_plan="12000",
        content="新建改造农村公路100公里，完善安全防护设施和错车道。",
        leader="郑海燕",
        started_planned=date(2026, 3, 1),
        planned=(("approved", date(2026, 2, 27)), ("completed", date(2026, 12, 31))),
        actual=(("approved", date(2026, 3, 20)), ("started", date(2026, 4, 8))),
        factors=("0.5", "0.9", "1.0", "0.8", "1.1", "1.2"),
        first_month=4,
        task="roads",
        public=True,
        inclusion="reported",
    ),
    ProjectPlan(
        name="清源县城市口袋公园建设项目",
        unit="zjj",
        category=Category.LIVELIHOOD,
        total="1200",
        annual_plan="1200",
        content="在老城区和新区建设口袋公园10个，总面积2.6万平方米。",
        leader="郑海燕",
        started_planned=date(2026, 4, 1),
        actual=(("approved", date(2026, 3, 28)), ("started", date(2026, 7, 15))),
        factors=("1.5", "1.8", "2.0"),
        first_month=7,
        task="parks",
    ),
    ProjectPlan(
        name="清源县农产品冷链物流中心",
        unit="nyj",
        category=Category.RURAL,
        total="8600",
        annual_plan="6000",
        content="建设冷库2万吨、分拣加工车间和物流配送中心。",
        leader="黄文斌",
        started_planned=date(2026, 2, 1),
        planned=(("completed", date(2026, 10, 31)),),
        actual=(("approved", date(2026, 1, 20)), ("started", date(2026, 2, 26))),
        factors=("0.4", "1.0", "1.2", "1.1", "1.0", "0.9", "0.5", "0.3"),
        first_month=2,
        task="cold_chain",
    ),
    ProjectPlan(
        name="清源县第二中学扩建工程",
        unit="jyj",
        category=Category.LIVELIHOOD,
        total="7200",
        annual_plan="4000",
        content="新建教学楼、学生宿舍楼和风雨操场，新增学位1200个。",
        leader="林秀英",
        started_planned=date(2026, 5, 1),
        actual=(("approved", date(2026, 4, 10)),),
    ),
    ProjectPlan(
        name="清源智能装备制造产业园",
        unit="kfq",
        category=Category.INDUSTRY,
        total="52000",
        annual_plan="5000",
        content="引进智能装备整机和零部件企业，建设生产厂房和研发中心。",
        leader="李建国",
        started_planned=date(2026, 12, 1),
        planned=(("signed", date(2026, 6, 30)), ("approved", date(2026, 10, 31))),
        actual=(("signed", date(2026, 6, 18)),),
    ),
)


@dataclass(frozen=True)
class ProblemPlan:
    project: str
    category: str
    description: str
    unit: str
    person: str
    deadline: date
    resolution: str = ""
    escalation: str = ""


PROBLEMS: tuple[ProblemPlan, ...] = (
    ProblemPlan(
        project="清源县农产品冷链物流中心",
        category=ProblemCategory.UTILITIES,
        description="冷库需新建10千伏专用线路和变电站，供电增容方案未获批复，设备无法通电调试。",
        unit="fgj",
        person="张伟",
        deadline=date(2026, 9, 30),
        escalation="县级两次协调未果，增容涉及市级电网规划调整，提请市级协调。",
    ),
    ProblemPlan(
        project="清源县城市口袋公园建设项目",
        category=ProblemCategory.LAND,
        description="老城区两处选址地块权属存在争议，无法开工。",
        unit="zrj",
        person="",
        deadline=date(2026, 6, 30),
        resolution="经城关镇和县自然资源局协调，已与产权单位签订用地协议，两处公园于7月开工。",
    ),
    ProblemPlan(
        project="清源县第二中学扩建工程",
        category=ProblemCategory.FUNDS,
        description="配套资金缺口1800万元，申报的专项债券尚未发行，工程未能按计划开工。",
        unit="czj",
        person="",
        deadline=date(2026, 11, 30),
    ),
)


# --- loading -------------------------------------------------------------------------------


@dataclass
class People:
    """The demo's people by unit key; None where a unit has nobody (the system acts)."""

    office: User | None
    liaisons: dict[str, User]
    heads: dict[str, User]

    def liaison(self, unit_key: str) -> User | None:
        return self.liaisons.get(unit_key)

    def head(self, unit_key: str) -> User | None:
        return self.heads.get(unit_key)


def _people() -> People:
    users = {u.username: u for u in User.objects.filter(username__in=_usernames())}
    office: User | None = None
    liaisons: dict[str, User] = {}
    heads: dict[str, User] = {}
    for spec in dataset.USERS:
        user = users.get(spec.username)
        if user is None:
            continue
        for unit_key, role in spec.memberships:
            if role == Role.SUPERVISOR and unit_key == "ducha":
                office = user
            elif role == Role.LIAISON:
                liaisons[unit_key] = user
            elif role == Role.UNIT_HEAD:
                heads[unit_key] = user
    return People(office, liaisons, heads)


def _usernames() -> list[str]:
    return [spec.username for spec in dataset.USERS]


class Loader:
    """Writes the plan above through the services, counting what it creates."""

    def __init__(self, county: Region) -> None:
        self.county = county
        stored = {
            (u.region.code, u.name): u
            for u in Unit.objects.filter(
                region__code__in={spec.region_code for spec in dataset.UNITS}
            ).select_related("region")
        }
        self.units = {
            spec.key: stored[(spec.region_code, spec.name)]
            for spec in dataset.UNITS
            if (spec.region_code, spec.name) in stored
        }
        self.people = _people()
        self.tasks: dict[str, Task] = {}
        self.counts = dict.fromkeys(
            (
                "tasks",
                "milestones",
                "reports",
                "change_requests",
                "notices",
                "instructions",
                "bulletins",
                "projects",
                "investments",
                "problems",
            ),
            0,
        )

    # --- tasks -----------------------------------------------------------------------------

    def decompose(self) -> None:
        office = self.people.office
        report = WorkReport.objects.get(region=self.county, year=YEAR)
        version = report.adopted_version
        if version is None:
            raise ValueError("The demo's 2026 report has no adopted text; run load_cycle first.")
        targets = {
            f"{t.indicator.code}:{t.measure}": t
            for t in Target.objects.filter(region=self.county, year=YEAR).select_related(
                "indicator"
            )
        }
        target_plans = [plan for plan in TASKS if plan.source == "target"]
        created = tasks_from_targets(
            actor=office,
            assignments=[(targets[plan.ref], self._assignment(plan)) for plan in target_plans],
        )
        for plan, task in zip(target_plans, created, strict=True):
            self._finish(plan, task)
        for plan in TASKS:
            if plan.source == "paragraph":
                paragraph = version.paragraphs.get(text__contains=plan.ref)
                (task,) = tasks_from_paragraphs(
                    actor=office,
                    version=version,
                    anchors=[paragraph.anchor],
                    assignment=self._assignment(plan),
                )
                self._finish(plan, task)
            elif plan.source == "subitem":
                parent = self.tasks[plan.ref]
                task = subitem_create(
                    actor=office,
                    parent=parent,
                    data=self._input(plan, source=TaskSource.REPORT, parent=parent),
                )
                self._finish(plan, task)
            elif plan.source == "manual":
                task = task_create(
                    actor=office,
                    data=self._input(plan, number=next_top_number(self.county, YEAR)),
                )
                self._finish(plan, task)

    def _assignment(self, plan: TaskPlan) -> Assignment:
        return Assignment(
            lead_unit=self.units[plan.lead],
            co_units=[self.units[key] for key in plan.co],
            leader=plan.leader,
            deadline=plan.deadline,
            deadline_text=plan.deadline_text,
        )

    def _input(
        self,
        plan: TaskPlan,
        *,
        source: str = TaskSource.MANUAL,
        parent: Task | None = None,
        number: str = "",
    ) -> TaskInput:
        return TaskInput(
            region=self.county,
            year=YEAR,
            title=plan.title,
            lead_unit=self.units[plan.lead],
            co_units=[self.units[key] for key in plan.co],
            deadline=plan.deadline or date(YEAR, 12, 31),
            deadline_text=plan.deadline_text,
            leader=plan.leader,
            number=number,
            source=source,
            source_text=parent.source_text if parent is not None else plan.title,
            start_date=plan.start,
            cadence=plan.cadence,
            is_public=plan.public,
            links=(
                {
                    "report": parent.report,
                    "source_version": parent.source_version,
                }
                if parent is not None
                else {}
            ),
        )

    def _finish(self, plan: TaskPlan, task: Task) -> None:
        """What the sources do not set (cadence, publication), then the quarterly nodes."""
        changes: dict[str, object] = {}
        if task.cadence != plan.cadence:
            changes["cadence"] = plan.cadence
        if task.is_public != plan.public:
            changes["is_public"] = plan.public
        if changes:
            task = task_update(actor=self.people.office, task=task, changes=changes)
        for quarter, text in plan.milestones:
            due = min(quarter_end(YEAR, quarter), task.deadline)
            milestone = milestone_add(
                actor=self.people.office, task=task, quarter=quarter, text=text, due_date=due
            )
            self.counts["milestones"] += 1
            if quarter in plan.done_quarters:
                self._milestone_done(milestone, quarter)
        self.tasks[plan.key] = task
        self.counts["tasks"] += 1

    def _milestone_done(self, milestone: Milestone, quarter: int) -> None:
        done_on = min(milestone.due_date, date(YEAR, 3 * quarter, 22))
        milestone_update(actor=self.people.office, milestone=milestone, done_on=done_on)

    # --- progress ----------------------------------------------------------------------------

    def report_progress(self) -> None:
        for plan in TASKS:
            task = self.tasks[plan.key]
            periods = _periods(plan.cadence, len(plan.percents))
            for index, period in enumerate(periods):
                self._report_period(plan, task, index, period, last=index == len(periods) - 1)

    def _report_period(
        self, plan: TaskPlan, task: Task, index: int, period: ReportingPeriod, *, last: bool
    ) -> None:
        written_on = period.due.replace(day=REPORT_DAY)
        percent = plan.percents[index]
        if plan.co_every_period or period.end.month % 3 == 0:
            for co_key, note in zip(plan.co, plan.co_notes, strict=False):
                self._co_report(task, co_key, note, percent, written_on)
        stop = plan.last_state if last else ReportState.APPROVED
        data = self._lead_data(plan, index, percent, claims_done=last and plan.done_at_last)
        if plan.returned_period == index:
            wrong = ProgressInput(
                progress=plan.first_try,
                problems=plan.problems,
                next_steps=plan.next_steps,
                percent=percent,
            )
            report = self._submit(task, plan.lead, wrong, written_on)
            report = self._to_office(plan.lead, report)
            progress_return(actor=self.people.office, report=report, reason=RETURN_REASON)
        report = self._submit(task, plan.lead, data, written_on)
        if stop == ReportState.SUBMITTED:
            return
        if stop == ReportState.SIGNED:  # waits for the lead unit to consolidate
            progress_sign(actor=self.people.head(plan.lead), report=report)
            return
        report = self._to_office(plan.lead, report)
        if stop == ReportState.CONSOLIDATED:
            return
        progress_approve(
            actor=self.people.office,
            report=report,
            as_of=period.due + timedelta(days=REVIEW_DAYS),
        )

    def _to_office(self, unit_key: str, report: ProgressReport) -> ProgressReport:
        """Signed by the head and, where co-units take part, consolidated by the lead unit."""
        report = progress_sign(actor=self.people.head(unit_key), report=report)
        if report.state == ReportState.SIGNED:
            report = progress_consolidate(actor=self.people.liaison(unit_key), report=report)
        return report

    def _submit(
        self, task: Task, unit_key: str, data: ProgressInput, written_on: date
    ) -> ProgressReport:
        report = progress_save(
            actor=self.people.liaison(unit_key),
            task=task,
            unit=self.units[unit_key],
            data=data,
            as_of=written_on,
            submit=True,
        )
        if report.returned_count == 0:
            self.counts["reports"] += 1
        return report

    def _co_report(
        self, task: Task, unit_key: str, note: str, percent: str, written_on: date
    ) -> None:
        """A co-unit's part, signed off and waiting for the lead unit to consolidate it."""
        data = ProgressInput(
            progress=note, next_steps="继续按牵头单位要求做好配合工作。", percent=percent
        )
        report = self._submit(task, unit_key, data, written_on)
        progress_sign(actor=self.people.head(unit_key), report=report)

    def _lead_data(
        self, plan: TaskPlan, index: int, percent: str, *, claims_done: bool
    ) -> ProgressInput:
        if len(plan.notes) == 1 and len(plan.percents) > 1:
            month = index + 1
            amount = Decimal(plan.scale) * Decimal(percent) / 100
            progress = plan.notes[0].format(
                months=f"{month}月" if month == 1 else f"1–{month}月",
                amount=f"{amount.normalize():f}",
                percent=percent,
            )
        else:
            progress = plan.notes[index]
        return ProgressInput(
            progress=progress,
            problems=plan.problems if not claims_done else "",
            next_steps=plan.next_steps,
            percent=percent,
            claims_done=claims_done,
        )

    def request_extension(self) -> None:
        task = self.tasks["cold_chain"]
        change_request_create(
            actor=self.people.liaison("nyj"),
            task=task,
            kind=ChangeKind.EXTENSION,
            reason=EXTENSION_REASON,
            new_deadline=date(YEAR, 12, 31),
            today=EXTENSION_ASKED_ON,
        )
        self.counts["change_requests"] += 1

    # --- supervision -------------------------------------------------------------------------

    def evaluate_and_warn(self) -> None:
        tasks_evaluate(actor=None, as_of=EVALUATED_ON, region=self.county, year=YEAR)
        result = notices_generate(
            actor=self.people.office, region=self.county, as_of=EVALUATED_ON, year=YEAR
        )
        self.counts["notices"] += result.count
        grain = Notice.objects.get(task=self.tasks["grain"], rule=RULE_YELLOW)
        liaison = self.people.liaison("nyj")
        grain = notice_receive(actor=liaison, notice=grain)
        notice_answer(actor=liaison, notice=grain, answer=GRAIN_NOTICE_ANSWER)
        self.instruct_and_report()

    def instruct_and_report(self) -> None:
        """The county head writes an instruction on the grain task (the unit has not read it
        yet), and the office drafts September's 督查通报 from the figures."""
        head = User.objects.filter(username=LEADER_USERNAME).first()
        if head is not None:
            instruction_give(actor=head, target=self.tasks["grain"], text=GRAIN_INSTRUCTION)
            self.counts["instructions"] += 1
        if self.people.office is not None:
            bulletin_draft(
                actor=self.people.office,
                region=self.county,
                kind=BulletinKind.MONTHLY,
                year=YEAR,
                period=EVALUATED_ON.month - 1,
                as_of=EVALUATED_ON,
            )
            self.counts["bulletins"] += 1

    # --- key projects ------------------------------------------------------------------------

    def load_projects(self) -> None:
        office = self.people.office
        if not ProjectPreset.objects.filter(region=self.county).exists():
            preset_set(actor=office, region=self.county, statistics_unit=self.units["tjj"])
        projects: dict[str, tuple[Project, ProjectPlan]] = {}
        for number, plan in enumerate(PROJECTS, start=1):
            projects[plan.name] = (self._project(plan, number), plan)
        for problem in PROBLEMS:
            project, project_plan = projects[problem.project]
            self._problem(project, project_plan.unit, problem)

    def _project(self, plan: ProjectPlan, number: int) -> Project:
        office = self.people.office
        reporter = self.people.liaison(plan.unit) or office
        project = project_create(
            actor=office,
            data=ProjectInput(
                region=self.county,
                year=YEAR,
                name=plan.name,
                code=f"QY{YEAR}-{number:02d}",
                unit=self.units[plan.unit],
                total_investment=Decimal(plan.total),
                annual_plan=Decimal(plan.annual_plan),
                invested_before_year=Decimal(plan.before_year),
                category=plan.category,
                content=plan.content,
                leader=plan.leader,
                task=self.tasks.get(plan.task),
                started_planned=plan.started_planned,
                is_public=plan.public,
            ),
        )
        self.counts["projects"] += 1
        if plan.planned:
            project = stage_plan(actor=office, project=project, planned=dict(plan.planned))
        for stage, day in plan.actual:
            project = stage_advance(
                actor=reporter, project=project, stage=stage, actual_on=day, today=EVALUATED_ON
            )
        self._investments(project, plan, reporter)
        self._inclusion(project, plan, reporter)
        if plan.completed_on is not None:
            project.refresh_from_db()
            stage_advance(
                actor=reporter,
                project=project,
                stage="completed",
                actual_on=plan.completed_on,
                note="通过竣工验收",
                today=EVALUATED_ON,
            )
        return project

    def _investments(self, project: Project, plan: ProjectPlan, reporter: User | None) -> None:
        months_left = 12 - plan.first_month + 1
        planned = (Decimal(plan.annual_plan) / months_left).quantize(Decimal("0.01"))
        for offset, factor in enumerate(plan.factors):
            investment_record(
                actor=reporter,
                project=project,
                figures=MonthFigures(
                    month=plan.first_month + offset,
                    completed=(planned * Decimal(factor)).quantize(Decimal("0.01")),
                    planned=planned,
                ),
                today=EVALUATED_ON,
            )
            self.counts["investments"] += 1

    def _inclusion(self, project: Project, plan: ProjectPlan, reporter: User | None) -> None:
        if not plan.inclusion:
            return
        project.refresh_from_db()
        inclusion = inclusion_report(
            actor=reporter,
            project=project,
            evidence=Evidence(note="已上传立项备案文件和施工合同，请审核。"),
            today=EVALUATED_ON,
        )
        if plan.inclusion == "reported":
            return
        inclusion = inclusion_review(
            actor=self.people.head(plan.unit) or self.people.office, inclusion=inclusion
        )
        if plan.inclusion == "reviewed":
            return
        assert plan.included_on is not None
        inclusion_accept(
            actor=None,  # the statistics bureau has no demo user
            inclusion=inclusion,
            included_on=plan.included_on,
            statistics_code=f"{self.county.code}-{plan.included_on:%Y}-017",
            today=EVALUATED_ON,
        )

    def _problem(self, project: Project, unit_key: str, plan: ProblemPlan) -> None:
        office = self.people.office
        problem = problem_create(
            actor=self.people.liaison(unit_key) or office,
            project=project,
            data=ProblemInput(
                category=plan.category,
                description=plan.description,
                unit=self.units[plan.unit],
                person=plan.person,
                deadline=plan.deadline,
            ),
        )
        self.counts["problems"] += 1
        if plan.escalation:
            problem_escalate(actor=office, problem=problem, note=plan.escalation)
        if plan.resolution:
            problem_resolve(actor=office, problem=problem, resolution=plan.resolution)


def _periods(cadence: str, count: int) -> Sequence[ReportingPeriod]:
    """The first `count` reporting periods of the year for `cadence` (monthly, quarterly)."""
    if cadence == Cadence.QUARTERLY:
        days = [date(YEAR, 3 * q, 1) for q in range(1, count + 1)]
    else:
        days = [date(YEAR, m, 1) for m in range(1, count + 1)]
    return [period_containing(cadence, day) for day in days]


def load_implementation() -> dict[str, int]:
    """The demo county's 2026 tasks, progress, evaluation, notices and key projects. Creates
    nothing (and returns zeros) when the county has tasks of 2026 already."""
    county = Region.objects.get(code=dataset.DEMO_COUNTY_CODE)
    loader = Loader(county)
    if Task.objects.filter(region=county, year=YEAR).exists():
        return dict.fromkeys(loader.counts, 0)
    with transaction.atomic():
        loader.decompose()
        loader.report_progress()
        loader.request_extension()
        loader.evaluate_and_warn()
        if not Project.objects.filter(region=county, year=YEAR).exists():
            loader.load_projects()
    return loader.counts
