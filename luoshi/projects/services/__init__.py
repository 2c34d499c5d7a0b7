"""Writes to key projects: validated, atomic, logged. Views, the API, the admin and the Excel
import all call these."""

from luoshi.projects.services.inclusion_flow import (
    Evidence,
    inclusion_accept,
    inclusion_report,
    inclusion_return,
    inclusion_review,
)
from luoshi.projects.services.investment_entry import investment_record
from luoshi.projects.services.presets import preset_set
from luoshi.projects.services.problem_handling import (
    ProblemInput,
    initial_level,
    problem_create,
    problem_escalate,
    problem_reopen,
    problem_resolve,
    problem_update,
)
from luoshi.projects.services.project_records import ProjectInput, project_create, project_update
from luoshi.projects.services.stage_moves import stage_advance, stage_plan, stage_revert

__all__ = [
    "Evidence",
    "ProblemInput",
    "ProjectInput",
    "inclusion_accept",
    "inclusion_report",
    "inclusion_return",
    "inclusion_review",
    "initial_level",
    "investment_record",
    "preset_set",
    "problem_create",
    "problem_escalate",
    "problem_reopen",
    "problem_resolve",
    "problem_update",
    "project_create",
    "project_update",
    "stage_advance",
    "stage_plan",
    "stage_revert",
]
