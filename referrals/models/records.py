"""What happens around a referral: consents, lifecycle events, reads and private links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from referrals.crypto import EncryptedTextField
from referrals.models.choices import ActorRole, ConsentMethod, ConsentPurpose, LinkHolder, Status
from referrals.models.referral import Referral


class Consent(models.Model):
    """One consent the person gave (or later withdrew): what, in which wording, when, how."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("consented to"), max_length=30, choices=ConsentPurpose.choices)
    wording_version = models.CharField(_("wording version"), max_length=40)
    method = models.CharField(_("how"), max_length=20, choices=ConsentMethod.choices)
    given_at = models.DateTimeField(_("given at"))
    # A professional records consent given to them; the person records their own.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        ordering = ["given_at"]
        verbose_name = _("consent")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "purpose"],
                condition=Q(withdrawn_at__isnull=True),
                name="referrals_consent_one_current_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.wording_version})"


class ReferralEvent(models.Model):
    """One move in a referral's lifecycle. Kept after anonymisation (notes are cleared):
    the statuses and their dates are what the statistics count."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_role = models.CharField(_("by whom"), max_length=10, choices=ActorRole.choices)
    from_status = models.CharField(_("from"), max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=Status.choices)
    note = EncryptedTextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral event")
        indexes = [models.Index(fields=["to_status", "at"])]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status or '-'} → {self.to_status}"


class ReferralNote(models.Model):
    """An internal note the receiving group keeps on a referral (never shown to others)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = EncryptedTextField(_("note"))
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("referral note")

    def __str__(self) -> str:
        return f"{self.referral_id}: note {self.pk}"


class ReferralAccessLog(models.Model):
    """Who read which referral, when and why. Never cleared by anonymisation: it holds no
    details of the person, and it is the audit trail of staff access."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="access_logs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    role = models.CharField(_("as"), max_length=10, choices=ActorRole.choices)
    reason = models.CharField(_("why"), max_length=200)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("referral access log entry")
        verbose_name_plural = _("referral access log")
        indexes = [models.Index(fields=["referral", "at"])]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.referral_id} ({self.reason})"


class StatusLink(models.Model):
    """A private link (/r/<token>/) for someone without an account: the self-referrer, the
    peer referrer, or the person a friend referred (who confirms through it). Only a
    SHA-256 hash of the token is stored, so a copy of the database opens nothing."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="status_links")
    holder = models.CharField(_("held by"), max_length=10, choices=LinkHolder.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("status link")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "holder"], name="referrals_statuslink_one_per_holder"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.holder}"
