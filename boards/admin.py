from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, FocusArea, Partnership, PartnershipSlugRedirect, Principle, PrincipleAim


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "area"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["officers"]


@admin.register(FocusArea)
class FocusAreaAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "position"]
    list_filter = ["partnership"]


@admin.register(Principle)
class PrincipleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "number"]
    list_filter = ["partnership"]


@admin.register(PrincipleAim)
class PrincipleAimAdmin(SimpleHistoryAdmin):
    list_display = ["text", "principle", "position"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "kind", "quorum"]
    list_filter = ["partnership", "kind"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(PartnershipSlugRedirect)
class PartnershipSlugRedirectAdmin(SimpleHistoryAdmin):
    list_display = ["old_slug", "partnership", "created_at"]
    list_filter = ["partnership"]
