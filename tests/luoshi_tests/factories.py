"""factory_boy factories for the foundation's models."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from luoshi.accounts.models import Membership, Role, User
from luoshi.core.models import Region, RegionLevel, RegionSource, Unit, UnitKind

TEST_PASSWORD = "Qingyuan-Test-2026"


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"92{n:04d}")
    name = factory.Sequence(lambda n: f"测试县{n}")
    level = RegionLevel.COUNTY
    kind = "县"
    parent = None
    source = RegionSource.MANUAL


class ProvinceFactory(RegionFactory):
    code = factory.Sequence(lambda n: f"{93 + n % 6}0000")
    name = factory.Sequence(lambda n: f"测试省{n}")
    level = RegionLevel.PROVINCE
    kind = "省"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"测试局{n}")
    kind = UnitKind.DEPARTMENT


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def]
        if create:
            obj.save()


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)
    role = Role.LIAISON
