"""Base fields, regions (行政区划), units (单位), regions' colour presets, the days off set by
hand and the append-only action log."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from decimal import Decimal
from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luoshi.core.colour_rules import ColourRules
from luoshi.core.text_input import settle_text_and_nulls


class TimeStampedModel(models.Model):
    """Every domain table records when a row was made and last changed.

    Its validation also settles text the way every form, import and API call needs it:
    control characters (pasted from Word, or sent on purpose) are removed from text fields,
    since a database cannot store NUL and Excel cannot hold the others; and an explicit null
    for a field that cannot hold one is an empty text, or else a validation error — never an
    IntegrityError from the database.
    """

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True

    def clean_fields(self, exclude: Collection[str] | None = None) -> None:
        settle_text_and_nulls(self, exclude or ())
        super().clean_fields(exclude=exclude)


class StoredFile(TimeStampedModel):
    """The row of an uploaded file kept through Django's storage API (a progress report's or a
    notice's attachment, a meeting's file): the name to show, size, settled type, uploader.
    Each concrete model declares its own `file` field (its folder) and its owner; files are
    served only through views that check who may see the owner."""

    name = models.CharField(_("名称"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"), default=0)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # The log keeps the name, size, type and uploader; the content stays in storage.
    action_log_exclude = ("file",)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class RegionLevel(models.TextChoices):
    NATIONAL = "national", _("国家")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")


class RegionSource(models.TextChoices):
    GAZETTEER = "gazetteer", _("行政区划数据")
    DEMO = "demo", _("演示数据")
    MANUAL = "manual", _("手工添加")


region_code_validator = RegexValidator(
    r"^\d{6}(\d{3})?$", _("行政区划代码应为6位（县级及以上）或9位（乡级）数字。")
)


class Region(TimeStampedModel):
    """An administrative division; the tree is province → city → county (→ township)."""

    code = models.CharField(
        _("区划代码"), max_length=9, unique=True, validators=[region_code_validator]
    )
    name = models.CharField(_("名称"), max_length=64, db_index=True)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices, db_index=True)
    kind = models.CharField(
        _("类型"), max_length=16, blank=True, help_text=_("如 省、地级市、县、市辖区、自治县")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    source = models.CharField(
        _("来源"), max_length=16, choices=RegionSource.choices, default=RegionSource.GAZETTEER
    )
    is_active = models.BooleanField(_("现行"), default=True)

    class Meta:
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        ordering = ["code"]
        indexes: ClassVar = [models.Index(fields=["parent", "code"])]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        allowed = ALLOWED_PARENT_LEVELS.get(self.level)
        if allowed is None:
            return  # an unknown level is reported by the field's own choices check
        parent_level = self.parent.level if self.parent_id and self.parent else None
        if parent_level not in allowed:
            raise ValidationError({"parent": _("上级区划的层级与本区划不匹配。")})
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("区划不能以自己为上级。")})


# Which level a region's parent may have (None: no parent). County-level regions sit under a
# province directly in the municipalities (北京市东城区) and for 省直辖县 (湖北省仙桃市).
ALLOWED_PARENT_LEVELS: dict[str, set[str | None]] = {
    RegionLevel.NATIONAL: {None},
    RegionLevel.PROVINCE: {None},
    RegionLevel.CITY: {RegionLevel.PROVINCE},
    RegionLevel.COUNTY: {RegionLevel.CITY, RegionLevel.PROVINCE},
    RegionLevel.TOWNSHIP: {RegionLevel.COUNTY},
}


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("人民政府")
    DEPARTMENT = "department", _("政府工作部门")
    OFFICE = "office", _("办事机构")
    PARTY = "party", _("党委机构")
    CONGRESS = "congress", _("人大机构")
    CPPCC = "cppcc", _("政协机构")
    TOWNSHIP = "township", _("乡镇（街道）")
    PARK = "park", _("开发区（园区）")
    ENTERPRISE = "enterprise", _("国有企业")
    INSTITUTION = "institution", _("事业单位")
    OTHER = "other", _("其他")


class Unit(TimeStampedModel):
    """A government department or other organisation belonging to a region."""

    region = models.ForeignKey(
        Region, verbose_name=_("所属区划"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("单位名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=30, blank=True)
    kind = models.CharField(
        _("单位类型"), max_length=16, choices=UnitKind.choices, default=UnitKind.DEPARTMENT
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
    )
    phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["region__code", "sort_order", "name"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["region", "name"], name="unit_name_unique_in_region"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("单位不能以自己为上级。")})
        if self.name and not self.name.strip():
            raise ValidationError({"name": _("单位名称不能为空白。")})


class ColourPreset(TimeStampedModel):
    """A region's thresholds for the colour rule of `luoshi.core.colour_rules`, which tasks and
    indicator targets share; a region without one uses its nearest ancestor's, then the
    defaults (DOMAIN.md: yellow 10–30 points behind 序时, red beyond; a deadline within 3 days
    is yellow, past it red).

    It lives in core, the lowest layer, because indicators and tasks both read it. The table
    keeps the name it was created with in the tasks app."""

    region = models.OneToOneField(
        Region, verbose_name=_("行政区划"), on_delete=models.CASCADE, related_name="colour_preset"
    )
    yellow_points_behind = models.DecimalField(
        _("落后序时多少个百分点为黄"), max_digits=5, decimal_places=1, default=Decimal("10")
    )
    red_points_behind = models.DecimalField(
        _("落后序时超过多少个百分点为红"), max_digits=5, decimal_places=1, default=Decimal("30")
    )
    yellow_days_before_deadline = models.PositiveSmallIntegerField(
        _("距完成时限几天内为黄"), default=3
    )
    ahead_points = models.DecimalField(
        _("超出序时多少个百分点为超进度"), max_digits=5, decimal_places=1, default=Decimal("10")
    )

    class Meta:
        db_table = "tasks_colourpreset"
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")

    def __str__(self) -> str:
        return str(self.region)

    def clean(self) -> None:
        if self.red_points_behind < self.yellow_points_behind:
            raise ValidationError({"red_points_behind": _("红色阈值不能小于黄色阈值。")})

    @property
    def rules(self) -> ColourRules:
        return ColourRules(
            yellow_points_behind=self.yellow_points_behind,
            red_points_behind=self.red_points_behind,
            yellow_days_before_deadline=self.yellow_days_before_deadline,
            ahead_points=self.ahead_points,
        )


class CalendarDay(models.Model):
    """A day whose working status the office sets by hand (节假日调整): the State Council's
    arrangement for a year the installed calendar packages do not know yet, or a local day off.
    It overrides `luoshi.core.workdays` for that date."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("上班"), help_text=_("勾选为调休上班日，不勾选为放假日"))
    note = models.CharField(_("说明"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d}"


class Visibility(models.TextChoices):
    PRIVATE = "private", _("仅相关人员")
    ADMIN = "admin", _("管理人员")
    PUBLIC = "public", _("公开")


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an action-log entry."""


class ActionLogQuerySet(models.QuerySet["ActionLog"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("The action log is append-only: entries cannot be updated.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The action log is append-only: entries cannot be deleted.")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError("The action log is append-only: entries cannot be updated.")

    def bulk_create(
        self,
        objs: Iterable[ActionLog],
        batch_size: int | None = None,
        ignore_conflicts: bool = False,
        update_conflicts: bool = False,
        update_fields: Collection[str] | None = None,
        unique_fields: Collection[str] | None = None,
    ) -> NoReturn:
        raise AppendOnlyError("Action-log entries are appended one by one by log_action.")


class ActionLog(models.Model):
    """Who did what to which object, when, with the state before and after. Never changes."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        help_text=_("为空表示系统操作"),
    )
    verb = models.CharField(_("动作"), max_length=64, db_index=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("对象类型"), on_delete=models.PROTECT, null=True, blank=True
    )
    target_id = models.CharField(_("对象标识"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    visibility = models.CharField(
        _("可见范围"), max_length=16, choices=Visibility.choices, default=Visibility.ADMIN
    )
    # Set by log_action before the entry is sealed (auto_now_add would change it after).
    created_at = models.DateTimeField(
        _("时间"), default=timezone.now, editable=False, db_index=True
    )
    # The hash chain (luoshi.core.log_chain): the previous entry's hash and this one's.
    prev_hash = models.CharField(_("上一条哈希"), max_length=64, unique=True, editable=False)
    entry_hash = models.CharField(_("本条哈希"), max_length=64, unique=True, editable=False)

    objects = ActionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("操作日志")
        verbose_name_plural = _("操作日志")
        ordering = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.verb} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AppendOnlyError("The action log is append-only: entries cannot be updated.")
        if not self.entry_hash:
            raise AppendOnlyError(
                "Action-log entries are appended by luoshi.core.action_log.log_action, "
                "which chains them."
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("The action log is append-only: entries cannot be deleted.")


class SearchEntry(TimeStampedModel):
    """One searchable thing (a report, an opinion, a meeting…) as the search box sees it.

    Derived data: apps write entries through `luoshi.core.search.indexing` and can rebuild
    them at any time (`luoshi search_rebuild`). `tokens` holds the CJK-bigram tokens of title
    and body (see `luoshi.core.search.tokens`); the full-text index over it is not a Django
    field: an FTS5 table kept in sync by triggers on SQLite, a stored tsvector column with a
    GIN index on PostgreSQL (migration 0003 and `luoshi.core.search.schema`).
    """

    kind = models.CharField(_("类型"), max_length=32)
    key = models.CharField(_("对象标识"), max_length=64)
    region = models.ForeignKey(
        Region,
        verbose_name=_("行政区划"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=32, blank=True)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("正文"), blank=True)
    url = models.CharField(_("链接"), max_length=500)
    is_public = models.BooleanField(_("公开"), default=False)
    tokens = models.TextField(_("检索词元"), blank=True)

    class Meta:
        verbose_name = _("检索条目")
        verbose_name_plural = _("检索条目")
        ordering = ["-updated_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["kind", "key"], name="search_entry_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.key} {self.title}"


# Defined in its own module (with its services), registered here as the core app's model.
from luoshi.core.sheet_jobs.models import SheetJob  # noqa: E402, F401
