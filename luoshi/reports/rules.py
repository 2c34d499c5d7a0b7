"""Who may read and write reports. Writers are administrators and, for their own region and
the regions below it, the government office's supervision staff."""

from rules.permissions import add_perm

from luoshi.accounts.models import Role
from luoshi.accounts.permissions import has_role_in_scope, is_admin, is_signed_in

report_writer = is_admin | has_role_in_scope(Role.SUPERVISOR)
report_insider = is_admin | has_role_in_scope(Role.SUPERVISOR, Role.LEADER)

add_perm("reports.view_workreport", is_signed_in)
add_perm("reports.add_workreport", report_writer)
add_perm("reports.change_workreport", report_writer)
add_perm("reports.add_reportversion", report_writer)
add_perm("reports.publish_reportversion", report_writer)
# Working versions (not yet published) are seen by the people preparing the report.
add_perm("reports.view_unpublished_versions", report_insider)
