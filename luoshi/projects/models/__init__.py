"""Key projects (重点项目): the year's list, stage dates, monthly investment, statistics
inclusion (纳统), problems of factor support (要素保障) and a region's colour rules.

    Project              one line of a region's annual key-project list, with its stage dates
    MonthlyInvestment    one month's figures of one project (plan, completed, year to date,
                         since start)
    StatisticsInclusion  the 纳统 file of a project of 500万元 and above: evidence and its flow
                         (builder reports → department reviews → statistics bureau accepts)
    ProjectProblem       a problem needing factor support, with its responsible unit, deadline,
                         resolution and escalation level (县级 → 市级 → 省级)
    ProblemEscalation    one escalation step of a problem, with its note
    ProjectPreset        a region's colour thresholds and its statistics bureau

Stage dates are fields on `Project` (a planned and an actual date per stage), not a row per
stage. The stage set is fixed nationally (储备 → 签约 → 审批 → 开工 → 纳统 → 竣工 → 投产/达效,
DOMAIN.md), and the questions asked most often — is it started, by when was it due, is it
included — are asked of thousands of projects at once by the list, its colours and the rates.
One row per project with indexed date columns answers them with one aggregate and no join; a row
per stage would need a join (or a copy of the start and inclusion dates on the project, kept in
step by hand) for every one of them. What a row per stage would add — who changed a date, when,
and why — is in the action log, where every stage service writes it with its reason. The
current `stage` is derived from the actual dates (`stages.stage_from_actuals`) and stored only
so that lists filter on an index; `clean()` refuses a row where the two disagree.

Amounts are in 万元 with two decimals, as published lists give them.

The models live in modules by concern (`project`, `investment`, `problems`, `presets`; the
shared amounts in `amounts`); import them from here.
"""

# isort: off
# In the order the models were defined before the split: the app registry keeps it.
from luoshi.projects.models.amounts import NOT_NEGATIVE, STATISTICS_THRESHOLD
from luoshi.projects.models.project import Category, Project
from luoshi.projects.models.investment import (
    InclusionState,
    MonthlyInvestment,
    StatisticsInclusion,
    evidence_path,
)
from luoshi.projects.models.problems import (
    LEVEL_ORDER,
    CoordinationLevel,
    ProblemCategory,
    ProblemEscalation,
    ProblemState,
    ProjectProblem,
)
from luoshi.projects.models.presets import ProjectPreset
# isort: on

__all__ = [
    "LEVEL_ORDER",
    "NOT_NEGATIVE",
    "STATISTICS_THRESHOLD",
    "Category",
    "CoordinationLevel",
    "InclusionState",
    "MonthlyInvestment",
    "ProblemCategory",
    "ProblemEscalation",
    "ProblemState",
    "Project",
    "ProjectPreset",
    "ProjectProblem",
    "StatisticsInclusion",
    "evidence_path",
]
