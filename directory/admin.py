"""Curators' admin for every directory record (a fuller curator workspace comes later)."""

from __future__ import annotations

from django.contrib import admin

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
class ServiceAdmin(admin.ModelAdmin):
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
class OrganisationAdmin(admin.ModelAdmin):
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


from directory import admin_search  # noqa: E402, F401 - registers the synonym admin
