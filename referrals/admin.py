"""Site admins' view of referrals: read-only, details only for superusers, and every
opening of a referral written to the access log (as the selectors do for the pages)."""

from __future__ import annotations

from django.contrib import admin

from referrals.models import ActorRole, ApiToken, Referral, ReferralAccessLog, ReferralEvent


class _SuperuserReadOnly(admin.ModelAdmin):
    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReferralEventInline(admin.TabularInline):
    model = ReferralEvent
    extra = 0
    fields = ["at", "from_status", "to_status", "actor", "actor_role"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Referral)
class ReferralAdmin(_SuperuserReadOnly):
    # The list shows nothing about the person: opening one is what gets logged.
    list_display = ["pk", "service", "route", "status", "created_at", "anonymised_at"]
    list_filter = ["status", "route"]
    date_hierarchy = "created_at"
    inlines = [ReferralEventInline]
    show_full_result_count = False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and str(object_id).isdigit():
            referral = Referral.objects.filter(pk=object_id).first()
            if referral is not None:
                ReferralAccessLog.objects.create(
                    referral=referral, user=request.user, role=ActorRole.ADMIN, reason="admin"
                )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(ReferralAccessLog)
class ReferralAccessLogAdmin(_SuperuserReadOnly):
    list_display = ["at", "user", "role", "referral_id", "reason"]
    list_filter = ["role"]
    date_hierarchy = "at"


@admin.register(ApiToken)
class ApiTokenAdmin(_SuperuserReadOnly):
    # Only the prefix is ever shown; the hash opens nothing.
    list_display = ["name", "prefix", "organisation", "user", "scope", "created_at", "revoked_at"]
    list_filter = ["scope"]
    exclude = ["token_hash"]
