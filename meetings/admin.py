from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Action,
    AgendaItem,
    AgendaProposal,
    AgendaPublication,
    Attendance,
    CoverReport,
    Declaration,
    ItemMinutes,
    Meeting,
    MinutesArchiveUpload,
    MinutesCorrection,
    MinutesPublication,
    PastMinutes,
    ReportFile,
    Resolution,
)


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "starts_at", "status", "venue"]
    list_filter = ["body__partnership", "body", "status"]
    date_hierarchy = "starts_at"


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "meeting", "purpose", "confidential"]
    list_filter = ["meeting__body__partnership", "confidential", "purpose"]


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["person", "meeting", "status"]
    list_filter = ["status"]


@admin.register(ItemMinutes)
class ItemMinutesAdmin(SimpleHistoryAdmin):
    list_display = ["item"]


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["number", "meeting", "item"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["description", "owner", "owner_name", "due_on", "status"]
    list_filter = ["status"]


@admin.register(Declaration)
class DeclarationAdmin(SimpleHistoryAdmin):
    list_display = ["person", "meeting", "item", "kind"]


@admin.register(CoverReport)
class CoverReportAdmin(SimpleHistoryAdmin):
    list_display = ["item", "key_decision", "contact_officer"]


@admin.register(ReportFile)
class ReportFileAdmin(SimpleHistoryAdmin):
    list_display = ["title", "item", "kind", "size", "uploaded_at"]


@admin.register(AgendaPublication)
class AgendaPublicationAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "number", "published_at", "published_by"]
    readonly_fields = ["snapshot"]


@admin.register(AgendaProposal)
class AgendaProposalAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "proposed_by", "status"]


@admin.register(MinutesCorrection)
class MinutesCorrectionAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "text", "at_approval", "recorded_at"]


@admin.register(MinutesPublication)
class MinutesPublicationAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "number", "kind", "published_at"]


@admin.register(PastMinutes)
class PastMinutesAdmin(SimpleHistoryAdmin):
    list_display = ["meeting", "title", "kind", "original_name", "added_at"]


@admin.register(MinutesArchiveUpload)
class MinutesArchiveUploadAdmin(SimpleHistoryAdmin):
    list_display = ["partnership", "uploaded_by", "original_name", "uploaded_at", "expires_at", "confirmed_at"]
    exclude = ["data"]
