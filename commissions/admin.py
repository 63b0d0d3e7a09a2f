from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commission


@admin.register(Commission)
class CommissionAdmin(SimpleHistoryAdmin):
    list_display = ["body", "status", "starts_on", "ends_on"]
    list_filter = ["status", "body__partnership"]
    filter_horizontal = ["focus_areas"]
