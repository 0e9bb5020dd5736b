from __future__ import annotations

from django.contrib import admin

from notifications.models import OutboxMessage


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by services and the worker, never by hand."""

    list_display = ["key", "channel", "status", "attempts", "due_at", "sent_at", "updated_at"]
    list_filter = ["status", "channel", "template"]
    search_fields = ["=key", "^key", "provider_id"]
    date_hierarchy = "created_at"
    # Contact details are left out of the admin on purpose: support staff need the state
    # of a message, not the person's phone number or address.
    fields = [
        "key",
        "channel",
        "template",
        "language",
        "status",
        "attempts",
        "due_at",
        "next_attempt_at",
        "enqueued_at",
        "claimed_at",
        "sent_at",
        "finished_at",
        "provider_reference",
        "provider_id",
        "provider_status",
        "last_error",
        "fallback",
        "on_give_up",
        "fallback_from",
        "personal_data_cleared_at",
        "created_at",
        "updated_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
