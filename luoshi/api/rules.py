"""Who is offered the API in the interface. Each endpoint checks its own permission; the
documentation at /api/v1/docs is open, but the main menu lists it only for administrators and
the supervision office, who connect other systems (statistics, OA) and issue tokens for them.
Liaisons, unit heads, leaders and deputies work in the pages."""

from rules.permissions import add_perm

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import has_role, is_admin

add_perm("api.view_docs", is_admin | has_role(Role.SUPERVISOR))
