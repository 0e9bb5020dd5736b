"""The outbox: one row per message to one person through one channel.

The row, not the broker, is the source of truth: a Celery message only says "go and look
at row N". See docs/decisions/004-outbox.md.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    SMS = "sms", _("Text message")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")


class Status(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    DELIVERED = "delivered", _("Delivered")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


# States after which the row is never sent again.
FINAL_STATUSES = (Status.DELIVERED, Status.FAILED, Status.CANCELLED)


class OutboxMessage(models.Model):
    key = models.CharField(
        _("idempotency key"),
        max_length=200,
        unique=True,
        help_text=_('Names the message once and for all, e.g. "referral:42:checkin:14d".'),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    template = models.CharField(_("template"), max_length=100)
    language = models.CharField(_("language"), max_length=10, default="en")
    # Only what the template needs; emptied once the row can no longer be (re)sent.
    context = models.JSONField(_("template context"), default=dict, blank=True)

    # The recipient, structured: a letter needs a name, address lines and a postcode. Every
    # contact the person allowed is kept so a fallback channel can be used.
    recipient_name = models.CharField(_("recipient name"), max_length=200, blank=True)
    phone_number = models.CharField(_("phone number"), max_length=40, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    address_lines = models.JSONField(_("address lines"), default=list, blank=True)
    postcode = models.CharField(_("postcode"), max_length=12, blank=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    due_at = models.DateTimeField(_("due at"), default=timezone.now)
    # When the row may next be claimed: due_at at first, pushed back by each retry.
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # When a delivery task was last published for it: the sweeper republishes rows whose
    # task was lost (a restarted broker, a killed worker) once this is old enough.
    enqueued_at = models.DateTimeField(_("enqueued at"), null=True, blank=True)
    # Set by the conditional UPDATE that claims the row; also the claim's token.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    provider_reference = models.CharField(_("provider reference"), max_length=200, blank=True)
    provider_id = models.CharField(_("provider id"), max_length=100, blank=True)
    provider_status = models.CharField(_("provider status"), max_length=40, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    fallback = models.JSONField(
        _("fallback channels"),
        default=list,
        blank=True,
        help_text=_("Channels still to try, in order, if this one fails."),
    )
    on_give_up = models.CharField(
        _("on give up"),
        max_length=200,
        blank=True,
        help_text=_(
            "Dotted path of a function called with the message id when every channel failed."
        ),
    )
    fallback_from = models.ForeignKey(
        "self",
        verbose_name=_("fallback from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="fallbacks",
    )
    personal_data_cleared_at = models.DateTimeField(
        _("personal data cleared at"), null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("outbox message")
        verbose_name_plural = _("outbox messages")
        ordering = ["-created_at"]
        indexes = [
            # The sweeper's two questions: what is due, and what is stuck in "sending".
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_queued_due",
                condition=models.Q(status="queued"),
            ),
            models.Index(
                fields=["claimed_at"],
                name="outbox_sending_claimed",
                condition=models.Q(status="sending"),
            ),
            models.Index(
                fields=["sent_at"],
                name="outbox_sent_awaiting_receipt",
                condition=models.Q(status="sent"),
            ),
            models.Index(
                fields=["key"], name="outbox_key_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.get_channel_display()}, {self.get_status_display()})"

    @property
    def root_key(self) -> str:
        """The key of the first message in a chain of fallbacks."""
        return self.key.split(":fallback:")[0]
