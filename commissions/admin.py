from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Commission, EvidenceSession, Extension, Recommendation


@admin.register(Commission)
class CommissionAdmin(SimpleHistoryAdmin):
    list_display = ["body", "status", "starts_on", "ends_on"]
    list_filter = ["status", "body__partnership"]
    filter_horizontal = ["focus_areas"]


@admin.register(Extension)
class ExtensionAdmin(SimpleHistoryAdmin):
    list_display = ["commission", "previous_end", "new_end", "decided_on"]


@admin.register(EvidenceSession)
class EvidenceSessionAdmin(SimpleHistoryAdmin):
    list_display = ["commission", "kind", "held_on"]


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["commission", "number", "status", "addressed_to_board"]
