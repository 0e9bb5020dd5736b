"""API tokens for integrations (/api/v1/): issued to one organisation or one user, shown
once, stored as a SHA-256 hash, scoped read or read-and-write, revocable."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiTokenScope(models.TextChoices):
    READ = "read", _("Read referrals")
    WRITE = "write", _("Read, create and update referrals")


class ApiToken(models.Model):
    # Exactly one owner: a group's token sees the group's inbox, a user's token acts as
    # that user (a professional's referrals). Access rules are the pages' own.
    organisation = models.ForeignKey(
        "directory.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What uses this token."))
    scope = models.CharField(_("scope"), max_length=10, choices=ApiTokenScope.choices)
    # The first characters of the token, kept in clear so people can tell tokens apart.
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True, user__isnull=False)
                | Q(organisation__isnull=False, user__isnull=True),
                name="referrals_apitoken_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(scope__in=ApiTokenScope.values), name="referrals_apitoken_scope_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
