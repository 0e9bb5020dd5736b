"""Curators' admin for every directory record (a fuller curator workspace comes later)."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from directory import models as m


class AttributeInline(admin.TabularInline):
    model = m.Attribute
    extra = 0
    autocomplete_fields = ["taxonomy_term"]


class ScheduleInline(admin.TabularInline):
    model = m.Schedule
    fk_name = "service"
    extra = 0
    fields = ["freq", "byday", "opens_at", "closes_at", "description"]


class LanguageInline(admin.TabularInline):
    model = m.Language
    fk_name = "service"
    extra = 0
    fields = ["name", "code", "note"]


class CostOptionInline(admin.TabularInline):
    model = m.CostOption
    extra = 0


class ServiceAreaInline(admin.TabularInline):
    model = m.ServiceArea
    extra = 0
    fields = ["name", "extent_type", "description"]


class PhoneInline(admin.TabularInline):
    model = m.Phone
    fk_name = "service"
    extra = 0
    fields = ["number", "type", "description"]


class ContactInline(admin.TabularInline):
    model = m.Contact
    fk_name = "service"
    extra = 0
    fields = ["name", "title", "email"]


class ServiceAtLocationInline(admin.TabularInline):
    model = m.ServiceAtLocation
    extra = 0
    autocomplete_fields = ["location"]


@admin.register(m.Service)
class ServiceAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "status", "capacity_status", "assured_date"]
    list_filter = ["status", "capacity_status", "is_free"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["organisation"]
    inlines = [
        AttributeInline,
        ScheduleInline,
        LanguageInline,
        CostOptionInline,
        ServiceAreaInline,
        PhoneInline,
        ContactInline,
        ServiceAtLocationInline,
    ]


class IdentifierInline(admin.TabularInline):
    model = m.OrganisationIdentifier
    extra = 0


@admin.register(m.Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "website", "last_modified"]
    search_fields = ["name"]
    inlines = [IdentifierInline]


class AddressInline(admin.StackedInline):
    model = m.Address
    extra = 0


class AccessibilityInline(admin.TabularInline):
    model = m.Accessibility
    extra = 0


@admin.register(m.Location)
class LocationAdmin(admin.ModelAdmin):
    list_display = ["name", "location_type", "local_authority", "latitude", "longitude"]
    list_filter = ["location_type"]
    search_fields = ["name", "addresses__postal_code"]
    inlines = [AddressInline, AccessibilityInline]


class TermInline(admin.TabularInline):
    model = m.TaxonomyTerm
    extra = 0
    fields = ["code", "name", "description", "display_order"]


@admin.register(m.Taxonomy)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "version"]
    inlines = [TermInline]


@admin.register(m.TaxonomyTerm)
class TaxonomyTermAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "taxonomy"]
    list_filter = ["taxonomy"]
    search_fields = ["name", "code"]


for model in (
    m.ServiceAtLocation,
    m.Schedule,
    m.Language,
    m.CostOption,
    m.ServiceArea,
    m.Phone,
    m.Contact,
    m.Funding,
    m.Address,
    m.Accessibility,
    m.Attribute,
    m.OrganisationIdentifier,
):
    admin.site.register(model)


@admin.register(m.Postcode)
class PostcodeAdmin(admin.ModelAdmin):
    list_display = ["postcode", "local_authority_name", "lsoa11", "imd_decile"]
    search_fields = ["postcode"]


@admin.register(m.PostcodeDistrict)
class PostcodeDistrictAdmin(admin.ModelAdmin):
    list_display = ["outward_code", "local_authority_name", "region"]
    search_fields = ["outward_code"]


@admin.register(m.OrganisationMembership)
class OrganisationMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "organisation__name"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user"]


@admin.register(m.Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email", "organisation__name"]
    # The token is only ever emailed; its hash is useless to a reader and never edited.
    exclude = ["token_hash"]
    readonly_fields = ["invited_by", "accepted_by", "accepted_at"]


@admin.register(m.ClaimRequest)
class ClaimRequestAdmin(admin.ModelAdmin):
    list_display = ["organisation", "user", "status", "created_at"]
    list_filter = ["status"]


@admin.register(m.PendingChange)
class PendingChangeAdmin(admin.ModelAdmin):
    list_display = ["subject", "status", "submitted_by", "submitted_at", "reviewed_by"]
    list_filter = ["status"]
    # Approving must go through the curator workspace, which applies the change safely.
    readonly_fields = [f.name for f in m.PendingChange._meta.fields]


@admin.register(m.ListingReminder)
class ListingReminderAdmin(admin.ModelAdmin):
    list_display = ["key", "checked_on", "created_at", "emailed_at", "sent_at"]


@admin.register(m.Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ["name", "area", "status", "submitted_at"]
    list_filter = ["status"]


@admin.register(m.ListingReport)
class ListingReportAdmin(admin.ModelAdmin):
    list_display = ["service", "status", "submitted_at"]
    list_filter = ["status"]


from directory import admin_search  # noqa: E402, F401 - registers the synonym admin


@admin.register(m.UnknownTaxonomyTerm)
class UnknownTaxonomyTermAdmin(admin.ModelAdmin):
    """Terms an imported feed used that this directory does not know: map or dismiss."""

    list_display = [f.name for f in m.UnknownTaxonomyTerm._meta.fields][:6]


@admin.register(m.ImportedService)
class ImportedServiceAdmin(admin.ModelAdmin):
    list_display = [f.name for f in m.ImportedService._meta.fields][:6]
