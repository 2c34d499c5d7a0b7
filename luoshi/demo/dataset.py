"""The demo world: a fictional province, city and county, written by the team.

江岭省云泽市清源县 does not exist; its codes (91xxxx) lie outside the national code space so
they never collide with the gazetteer.
"""

from __future__ import annotations

from dataclasses import dataclass

from luoshi.accounts.models import Role
from luoshi.core.models import RegionLevel, UnitKind


@dataclass(frozen=True)
class DemoRegion:
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None


@dataclass(frozen=True)
class DemoUnit:
    key: str
    region_code: str
    name: str
    short_name: str
    kind: str
    phone: str = ""


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    title: str
    memberships: tuple[tuple[str, str], ...]  # (unit key, role)


DEMO_COUNTY_CODE = "910121"

REGIONS = (
    DemoRegion("910000", "江岭省", RegionLevel.PROVINCE, "省", None),
    DemoRegion("910100", "云泽市", RegionLevel.CITY, "地级市", "910000"),
    DemoRegion("910102", "泽城区", RegionLevel.COUNTY, "市辖区", "910100"),
    DemoRegion(DEMO_COUNTY_CODE, "清源县", RegionLevel.COUNTY, "县", "910100"),
    DemoRegion("910122", "临溪县", RegionLevel.COUNTY, "县", "910100"),
    DemoRegion("910123", "青岚县", RegionLevel.COUNTY, "县", "910100"),
    DemoRegion("910124", "望川县", RegionLevel.COUNTY, "县", "910100"),
    DemoRegion("910181", "鹤鸣市", RegionLevel.COUNTY, "县级市", "910100"),
    # The demo county's townships, where its appeals are placed.
    DemoRegion("910121100", "城关镇", RegionLevel.TOWNSHIP, "镇", DEMO_COUNTY_CODE),
    DemoRegion("910121101", "青石镇", RegionLevel.TOWNSHIP, "镇", DEMO_COUNTY_CODE),
    DemoRegion("910121200", "柳溪乡", RegionLevel.TOWNSHIP, "乡", DEMO_COUNTY_CODE),
)

C = DEMO_COUNTY_CODE
UNITS = (
    DemoUnit("gov", C, "清源县人民政府", "县政府", UnitKind.GOVERNMENT, "0901-5210001"),
    DemoUnit("office", C, "清源县人民政府办公室", "县政府办", UnitKind.OFFICE, "0901-5210002"),
    DemoUnit("ducha", C, "清源县人民政府督查室", "县政府督查室", UnitKind.OFFICE, "0901-5210003"),
    DemoUnit("fgj", C, "清源县发展和改革局", "县发改局", UnitKind.DEPARTMENT, "0901-5210010"),
    DemoUnit("czj", C, "清源县财政局", "县财政局", UnitKind.DEPARTMENT, "0901-5210011"),
    DemoUnit("tjj", C, "清源县统计局", "县统计局", UnitKind.DEPARTMENT, "0901-5210012"),
    DemoUnit("gxj", C, "清源县工业和信息化局", "县工信局", UnitKind.DEPARTMENT, "0901-5210013"),
    DemoUnit("nyj", C, "清源县农业农村局", "县农业农村局", UnitKind.DEPARTMENT, "0901-5210014"),
    DemoUnit("zjj", C, "清源县住房和城乡建设局", "县住建局", UnitKind.DEPARTMENT, "0901-5210015"),
    DemoUnit("zrj", C, "清源县自然资源局", "县自然资源局", UnitKind.DEPARTMENT, "0901-5210016"),
    DemoUnit("jyj", C, "清源县教育局", "县教育局", UnitKind.DEPARTMENT, "0901-5210017"),
    DemoUnit("wjj", C, "清源县卫生健康局", "县卫健局", UnitKind.DEPARTMENT, "0901-5210018"),
    DemoUnit("swj", C, "清源县商务局", "县商务局", UnitKind.DEPARTMENT, "0901-5210019"),
    DemoUnit("jtj", C, "清源县交通运输局", "县交通运输局", UnitKind.DEPARTMENT, "0901-5210020"),
    DemoUnit("rd", C, "清源县人大常委会", "县人大常委会", UnitKind.CONGRESS, "0901-5210030"),
    # Deputies belong to a delegation (代表团): their suggestions are counted by it.
    DemoUnit("cgdbt", C, "清源县人大城关代表团", "城关代表团", UnitKind.CONGRESS, "0901-5210031"),
    DemoUnit("kfq", C, "清源经济开发区管理委员会", "开发区管委会", UnitKind.PARK, "0901-5210040"),
    DemoUnit("cgz", C, "清源县城关镇人民政府", "城关镇", UnitKind.TOWNSHIP, "0901-5210050"),
    DemoUnit(
        "city_office", "910100", "云泽市人民政府办公室", "市政府办", UnitKind.OFFICE, "0901-3310002"
    ),
)

# Parent units: the supervision office sits inside the county government office.
UNIT_PARENTS = {"ducha": "office", "office": "gov"}

USERS = (
    DemoUser("duchayuan", "王丽", "县政府督查室主任", (("ducha", Role.SUPERVISOR),)),
    DemoUser("fgj_lianluo", "陈明", "县发改局综合股股长", (("fgj", Role.LIAISON),)),
    DemoUser("fgj_shenhe", "张伟", "县发改局局长", (("fgj", Role.UNIT_HEAD),)),
    DemoUser("nyj_lianluo", "刘芳", "县农业农村局办公室主任", (("nyj", Role.LIAISON),)),
    DemoUser("nyj_shenhe", "赵强", "县农业农村局局长", (("nyj", Role.UNIT_HEAD),)),
    DemoUser("jtj_lianluo", "何晓燕", "县交通运输局规划建设股股长", (("jtj", Role.LIAISON),)),
    DemoUser("jtj_shenhe", "马俊峰", "县交通运输局局长", (("jtj", Role.UNIT_HEAD),)),
    DemoUser("xianzhang", "李建国", "县长", (("gov", Role.LEADER),)),
    DemoUser("daibiao", "周敏", "县人大代表", (("cgdbt", Role.REPRESENTATIVE),)),
)

ADMIN_USERNAME = "admin"
ADMIN_UNIT_KEY = "office"
