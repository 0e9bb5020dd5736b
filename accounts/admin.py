from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import AllowedEmailDomain, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (None, {"fields": ("display_name", "is_curator")}),
        (
            _("Professional"),
            {
                "fields": (
                    "professional_status",
                    "job_title",
                    "employer",
                    "work_email",
                    "email_confirmed_at",
                    "professional_decided_at",
                    "professional_decided_by",
                    "professional_rejection_reason",
                )
            },
        ),
    )
    readonly_fields = ("professional_decided_by", "professional_decided_at", "email_confirmed_at")
    list_display = (
        "username",
        "email",
        "display_name",
        "professional_status",
        "is_curator",
        "is_staff",
        "is_active",
    )
    list_filter = (*BaseUserAdmin.list_filter, "is_curator", "professional_status")
    actions = ["disable_accounts"]

    @admin.action(description=_("Disable the selected accounts and end their sessions"))
    def disable_accounts(self, request, queryset) -> None:
        for user in queryset.exclude(pk=request.user.pk):
            services.user_disable(user=user, by=request.user)
        messages.success(request, _("The accounts are disabled and signed out everywhere."))


@admin.register(AllowedEmailDomain)
class AllowedEmailDomainAdmin(admin.ModelAdmin):
    list_display = ("domain", "note", "added_by", "added_at")
    search_fields = ("domain",)
    readonly_fields = ("added_by", "added_at")

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
