"""Imports are made by administrators and supervision staff; a batch is worked on by its
uploader or an administrator. Committing also needs the rights on the region's report and
figures, which the reports and indicators services check."""

from typing import Any

import rules
from rules.permissions import add_perm

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import has_role, is_admin

is_importer = is_admin | has_role(Role.SUPERVISOR)


@rules.predicate
def uploaded_it(user: Any, batch: Any) -> bool:
    return batch is not None and batch.uploaded_by_id == user.pk


add_perm("imports.add_importbatch", is_importer)
add_perm("imports.view_importbatch", is_admin | (is_importer & uploaded_it))
add_perm("imports.change_importbatch", is_admin | (is_importer & uploaded_it))
# A corpus likewise: its uploader (who also uploaded its new batches) or an administrator.
add_perm("imports.view_importcorpus", is_admin | (is_importer & uploaded_it))
add_perm("imports.change_importcorpus", is_admin | (is_importer & uploaded_it))
