"""Who may do what. Loaded by rules' autodiscovery; checked with user.has_perm()."""

from rules.permissions import add_perm

from luoshi.accounts.permissions import (
    is_admin,
    is_signed_in,
    is_supervisor,
    owns_object,
)

# Regions and units are reference data every signed-in user reads; administrators edit units.
add_perm("core.view_region", is_signed_in)
add_perm("core.view_unit", is_signed_in)
add_perm("core.add_unit", is_admin)
add_perm("core.change_unit", is_admin)
add_perm("core.add_region", is_admin)
add_perm("core.change_region", is_admin)
add_perm("core.view_actionlog", is_admin | is_supervisor)

add_perm("accounts.view_user", is_admin)
add_perm("accounts.add_user", is_admin)
add_perm("accounts.change_user", is_admin)
add_perm("accounts.view_membership", is_admin)
add_perm("accounts.add_membership", is_admin)
add_perm("accounts.change_membership", is_admin)
add_perm("accounts.delete_membership", is_admin)
add_perm("accounts.view_apitoken", is_admin)
add_perm("accounts.change_apitoken", is_admin)
add_perm("accounts.add_apitoken", is_signed_in)
add_perm("accounts.delete_apitoken", is_signed_in & (owns_object | is_admin))
# Wrong-password counts (django-axes); deleting one lifts that account's lock at that address.
add_perm("accounts.view_failedsignin", is_admin)
add_perm("accounts.delete_failedsignin", is_admin)
