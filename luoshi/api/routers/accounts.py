from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from luoshi.accounts.selectors import membership_list_for_user

router = Router(tags=["账户"])


class MembershipOut(Schema):
    role: str
    role_label: str
    unit_id: int
    unit_name: str
    region_code: str
    region_name: str


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    title: str
    email: str
    is_superuser: bool
    memberships: list[MembershipOut]


@router.get("/me", response=MeOut, summary="当前用户及其角色")
def me(request: HttpRequest) -> dict[str, object]:
    user = request.user
    memberships = [
        {
            "role": m.role,
            "role_label": m.get_role_display(),
            "unit_id": m.unit_id,
            "unit_name": m.unit.name,
            "region_code": m.unit.region.code,
            "region_name": m.unit.region.name,
        }
        for m in membership_list_for_user(user=user)  # type: ignore[arg-type]
    ]
    return {
        "id": user.pk,
        "username": user.get_username(),
        "full_name": getattr(user, "full_name", ""),
        "title": getattr(user, "title", ""),
        "email": getattr(user, "email", ""),
        "is_superuser": user.is_superuser,
        "memberships": memberships,
    }
