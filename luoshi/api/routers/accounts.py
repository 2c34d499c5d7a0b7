from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema

from luoshi.accounts.models import Membership, User
from luoshi.accounts.selectors import membership_list_for_user

router = Router(tags=["账户"])


class MembershipOut(Schema):
    role: str
    role_label: str = Field(..., alias="get_role_display")
    unit_id: int
    unit_name: str = Field(..., alias="unit.name")
    region_code: str = Field(..., alias="unit.region.code")
    region_name: str = Field(..., alias="unit.region.name")


class MeOut(Schema):
    id: int
    username: str = Field(..., alias="get_username")
    full_name: str
    title: str
    email: str
    is_superuser: bool
    memberships: list[MembershipOut]

    @staticmethod
    def resolve_memberships(obj: User) -> list[Membership]:
        return list(membership_list_for_user(user=obj))


@router.get("/me", response=MeOut, summary="当前用户及其角色")
def me(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]  # signed in: the API's auth refuses others
