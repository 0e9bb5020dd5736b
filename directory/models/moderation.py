"""Keeping listings true: proposed edits awaiting a curator, re-verification reminders,
suggestions and reports from the public, and the change history of listing records."""

from __future__ import annotations

import simple_history
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from directory.models.locations import Accessibility, Address, Location, ServiceAtLocation
from directory.models.organisations import Organisation, OrganisationIdentifier
from directory.models.services import (
    Contact,
    CostOption,
    Funding,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
)
from directory.models.taxonomy import Attribute


class ChangeStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a curator")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")


class PendingChange(models.Model):
    """An edit a member proposed to their organisation or one of its services.

    ``proposed`` holds the new values and ``base`` the values the member saw when they
    started, both as listing snapshots (directory/services/snapshots.py). Nothing public
    changes until a curator approves; approval refuses if the record no longer matches
    ``base``, so an edit never silently overwrites a change made in between.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="pending_changes"
    )
    # Empty when the change is to the organisation record itself.
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="pending_changes"
    )
    proposed = models.JSONField()
    base = models.JSONField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_message = models.TextField(_("message to the group"), blank=True)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("pending change")
        indexes = [models.Index(fields=["status", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ChangeStatus.values), name="directory_change_status_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.get_status_display()})"

    @property
    def subject(self):
        return self.service or self.organisation


class ListingReminder(models.Model):
    """A due re-verification reminder for a service, recorded once per confirmation period.

    ``key`` names the service and the date the listing was last confirmed, so the daily task
    can run any number of times and record one reminder; the notification layer sends it
    and sets ``sent_at``.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=100, unique=True)
    checked_on = models.DateField(help_text="The date the listing was last confirmed.")
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("listing reminder")

    def __str__(self) -> str:
        return self.key


class QueueStatus(models.TextChoices):
    NEW = "new", _("New")
    DONE = "done", _("Dealt with")
    DISMISSED = "dismissed", _("Dismissed")


class Suggestion(models.Model):
    """A group suggested by a member of the public. The sender's IP address is never stored."""

    name = models.CharField(_("name of the group"), max_length=255)
    description = models.TextField(_("what the group does"))
    area = models.CharField(_("town or area"), max_length=255, blank=True)
    website = models.CharField(_("website or social media"), max_length=500, blank=True)
    contact_email = models.EmailField(_("your email address"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=QueueStatus.choices, default=QueueStatus.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    curator_note = models.TextField(blank=True)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("suggested group")

    def __str__(self) -> str:
        return self.name


class ListingReport(models.Model):
    """'Report something wrong' about a service, from anyone. No IP address is stored."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="reports")
    message = models.TextField(_("what is wrong"))
    contact_email = models.EmailField(_("your email address"), blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=QueueStatus.choices, default=QueueStatus.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    curator_note = models.TextField(blank=True)

    class Meta:
        ordering = ["submitted_at"]
        verbose_name = _("report about a listing")

    def __str__(self) -> str:
        return f"{self.service}: {self.message[:40]}"


# Every save of these records keeps a copy with who made it (the request's user through
# simple_history's middleware, or the ``_history_user`` a service sets).
for _model, _excluded in (
    (Organisation, ["last_modified"]),
    (Service, ["search_vector", "last_modified"]),
    (Schedule, []),
    (Language, []),
    (Attribute, []),
    (Location, []),
    (Address, []),
    (ServiceAtLocation, []),
    (Contact, []),
    (Phone, []),
    (CostOption, []),
    (ServiceArea, []),
    (Funding, []),
    (OrganisationIdentifier, []),
    (Accessibility, []),
):
    simple_history.register(_model, app="directory", excluded_fields=_excluded)
