from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Action, AgendaItem, Attendance, Declaration, ItemMinutes, Meeting, Resolution


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
