from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Deputy, InterestEntry, InterestRegister, Membership, NolanUndertaking, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "partnership", "sector", "duty_to_cooperate"]
    list_filter = ["partnership", "sector", "duty_to_cooperate"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "partnership", "email", "user"]
    list_filter = ["partnership"]
    search_fields = ["given_name", "family_name", "email"]
    prepopulated_fields = {"slug": ["given_name", "family_name"]}


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "body", "role", "organisation", "voting", "starts_on", "ends_on"]
    list_filter = ["body__partnership", "body", "role", "basis"]
    search_fields = ["person__given_name", "person__family_name"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(NolanUndertaking)
class NolanUndertakingAdmin(SimpleHistoryAdmin):
    list_display = ["person", "partnership", "signed_on"]
    list_filter = ["partnership"]


@admin.register(InterestEntry)
class InterestEntryAdmin(SimpleHistoryAdmin):
    list_display = ["person", "category", "organisation_name", "sensitive", "registered_on"]
    list_filter = ["partnership", "category", "sensitive"]


@admin.register(Deputy)
class DeputyAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organisation", "body"]


@admin.register(InterestRegister)
class InterestRegisterAdmin(SimpleHistoryAdmin):
    list_display = ["person", "partnership", "completed_on"]
