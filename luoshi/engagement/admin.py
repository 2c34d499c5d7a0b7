from django.contrib import admin

from luoshi.core.admin_logging import LoggedModelAdmin
from luoshi.engagement.models import (
    AnswerStateLabel,
    CooperationItem,
    CooperationUpdate,
    Insight,
    Instruction,
    Meeting,
    MeetingPerson,
    Opinion,
    ParticipantGroup,
    Referral,
    Speech,
)


class PersonInline(admin.TabularInline):
    model = MeetingPerson
    extra = 0


class GroupInline(admin.TabularInline):
    model = ParticipantGroup
    extra = 0


class SpeechInline(admin.StackedInline):
    model = Speech
    extra = 0


class InstructionInline(admin.TabularInline):
    model = Instruction
    extra = 0


class InsightInline(admin.TabularInline):
    model = Insight
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(LoggedModelAdmin):
    list_display = ("date", "kind", "title", "region", "report", "is_public")
    list_filter = ("kind", "is_public")
    search_fields = ("title", "place", "delegation")
    list_select_related = ("region", "report")
    autocomplete_fields = ("region",)
    raw_id_fields = ("report", "report_version")
    inlines = (PersonInline, GroupInline, SpeechInline, InsightInline, InstructionInline)


@admin.register(Opinion)
class OpinionAdmin(LoggedModelAdmin):
    list_display = ("created_at", "report", "channel", "author_name", "state", "is_public")
    list_filter = ("channel", "state", "is_public")
    search_fields = ("text", "author_name")
    list_select_related = ("report",)
    raw_id_fields = ("report", "version", "result_version", "meeting", "submitted_by", "unit")


@admin.register(Referral)
class ReferralAdmin(LoggedModelAdmin):
    list_display = ("summary", "lead_unit", "deadline", "status")
    list_filter = ("status",)
    list_select_related = ("lead_unit",)
    raw_id_fields = ("instruction", "opinion", "meeting", "lead_unit")
    filter_horizontal = ("units",)


@admin.register(AnswerStateLabel)
class AnswerStateLabelAdmin(LoggedModelAdmin):
    list_display = ("region", "state", "label")
    autocomplete_fields = ("region",)


class CooperationUpdateInline(admin.TabularInline):
    model = CooperationUpdate
    extra = 0
    raw_id_fields = ("written_by",)


@admin.register(CooperationItem)
class CooperationItemAdmin(LoggedModelAdmin):
    list_display = ("partner", "unit", "deadline", "status", "amount")
    list_filter = ("status",)
    search_fields = ("partner", "content")
    list_select_related = ("unit",)
    raw_id_fields = ("meeting", "unit", "created_by")
    inlines = (CooperationUpdateInline,)
