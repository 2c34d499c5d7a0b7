"""The tasks pages that take sections from apps above tasks (see `luoshi.core.page_sections`):
the 红黑榜 (region, year, quarter, as_of) and a task's page (task, user)."""

from luoshi.core.page_sections import BuiltSection as BuiltSection
from luoshi.core.page_sections import PageSection as PageSection
from luoshi.core.page_sections import built_sections as built_sections
from luoshi.core.page_sections import register_section as register_section

RANKING = "ranking"
TASK_DETAIL = "task_detail"
