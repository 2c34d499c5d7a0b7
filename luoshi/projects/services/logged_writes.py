"""Who sees a project's logged changes: the public for a public project, the staff otherwise.
(A change with a reason is saved by `core.action_log.save_with_log(..., note=…)`.)"""

from __future__ import annotations

from luoshi.core.models import Visibility
from luoshi.projects.models import Project


def visibility_of(project: Project) -> str:
    """Changes to a public project are public; the others stay with the staff."""
    return Visibility.PUBLIC if project.is_public else Visibility.ADMIN
