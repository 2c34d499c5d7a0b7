"""Reads of key projects: the list with figures and colours, one project's page, the rates.

`project_rates(region_code=…, year=…, as_of=…, group_by=…)` is the entry point for the
dashboard and the portal."""

from luoshi.projects.selectors.detail import (
    EVIDENCE_KINDS,
    EvidenceFile,
    InvestmentLine,
    TimelineStep,
    evidence_file,
    evidence_files,
    inclusion_of,
    investment_lines,
    problem_list,
    timeline,
)
from luoshi.projects.selectors.listing import (
    ProjectFilters,
    ProjectPage,
    ProjectRow,
    project_base,
    project_filtered,
    project_get_for_user,
    project_page,
    project_rows_all,
    project_years,
    rows_of,
    unit_options,
    with_figures,
)
from luoshi.projects.selectors.rate_totals import (
    GROUPINGS,
    RateGroup,
    RatesReport,
    project_rates,
    rate_counts,
    rates_for,
)
from luoshi.projects.selectors.records import (
    ProjectDetail,
    inclusion_get,
    investment_line,
    problem_get,
    project_detail_get,
)
from luoshi.projects.selectors.scope import (
    PresetBook,
    preset_for_region,
    region_prefix,
    reportable_units,
    visibility,
)

__all__ = [
    "EVIDENCE_KINDS",
    "GROUPINGS",
    "EvidenceFile",
    "InvestmentLine",
    "PresetBook",
    "ProjectDetail",
    "ProjectFilters",
    "ProjectPage",
    "ProjectRow",
    "RateGroup",
    "RatesReport",
    "TimelineStep",
    "evidence_file",
    "evidence_files",
    "inclusion_get",
    "inclusion_of",
    "investment_line",
    "investment_lines",
    "preset_for_region",
    "problem_get",
    "problem_list",
    "project_base",
    "project_detail_get",
    "project_filtered",
    "project_get_for_user",
    "project_page",
    "project_rates",
    "project_rows_all",
    "project_years",
    "rate_counts",
    "rates_for",
    "region_prefix",
    "reportable_units",
    "rows_of",
    "timeline",
    "unit_options",
    "visibility",
    "with_figures",
]
