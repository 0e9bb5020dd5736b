from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfessionalStatus(models.TextChoices):
    NONE = "", _("Not a professional")
    PENDING_CONFIRMATION = "pending_confirmation", _("Waiting for email confirmation")
    PENDING_APPROVAL = "pending_approval", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class User(AbstractUser):
    """A person with an account. Members of the public need none.

    Roles held on the user: professional (with a status a curator or the email-domain
    allow-list decides), curator (``is_curator``) and site admin (``is_superuser``).
    Organisation membership belongs to the directory app, which this app never imports.
    """

    email = models.EmailField(_("email address"), blank=True)
    display_name = models.CharField(_("name to show"), max_length=150, blank=True)
    is_curator = models.BooleanField(
        _("curator"), default=False, help_text=_("Curators moderate listings and professionals.")
    )
    professional_status = models.CharField(
        _("professional status"),
        max_length=24,
        choices=ProfessionalStatus.choices,
        default=ProfessionalStatus.NONE,
        blank=True,
    )
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    employer = models.CharField(_("employer"), max_length=200, blank=True)
    work_email = models.EmailField(_("work email address"), blank=True)
    email_confirmed_at = models.DateTimeField(_("email confirmed at"), null=True, blank=True)
    professional_decided_at = models.DateTimeField(
        _("professional status decided at"), null=True, blank=True
    )
    professional_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("professional status decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    professional_rejection_reason = models.TextField(_("reason for not approving"), blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
            )
        ]
        indexes = [
            models.Index(
                fields=["professional_status"],
                condition=~models.Q(professional_status=""),
                name="accounts_user_prof_status",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_username()

    @property
    def work_email_domain(self) -> str:
        return (self.work_email or self.email).rpartition("@")[2].lower()


class AllowedEmailDomain(models.Model):
    """A work email domain whose professionals are approved without waiting for a curator.

    A domain also covers its subdomains: "wigan.gov.uk" admits "social.wigan.gov.uk".
    """

    domain = models.CharField(_("domain"), max_length=253, unique=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("allowed email domain")
        verbose_name_plural = _("allowed email domains")
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class UserSession(models.Model):
    """A session a user signed in with, so disabling the account can end every one of them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tracked_sessions"
    )
    session_key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("signed-in session")
        verbose_name_plural = _("signed-in sessions")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.created_at:%Y-%m-%d %H:%M}"
