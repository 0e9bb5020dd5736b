"""Who may look after a listing: memberships, invitations by email and claims."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models.organisations import Organisation


class MembershipRole(models.TextChoices):
    MEMBER = "member", _("Member")
    ADMIN = "admin", _("Admin")


class OrganisationMembership(models.Model):
    """A person who looks after an organisation's listing. A person may belong to several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]
        verbose_name = _("organisation membership")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="directory_membership_unique"
            ),
            models.CheckConstraint(
                condition=Q(role__in=MembershipRole.values), name="directory_membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}) – {self.organisation}"

    @property
    def is_admin(self) -> bool:
        return self.role == MembershipRole.ADMIN


class Invitation(models.Model):
    """An invitation sent by email. Only a SHA-256 hash of the token is stored, so a copy of
    the database cannot be used to accept invitations."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    def is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class ClaimStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a curator")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ClaimRequest(models.Model):
    """Someone asks to look after a listing that nobody looks after yet."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="claim_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claim_requests"
    )
    message = models.TextField(_("how you are connected to the group"))
    status = models.CharField(
        max_length=10, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_message = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("claim request")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="directory_claim_one_pending_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} claims {self.organisation}"
