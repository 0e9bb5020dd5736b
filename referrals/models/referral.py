"""A referral: one person introduced to one service, by one route, tracked to the end."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from referrals.crypto import EncryptedTextField
from referrals.models.choices import (
    FINAL_STATUSES,
    AgeBand,
    ContactMethod,
    DeclineReason,
    Mismatch,
    Outcome,
    Route,
    Status,
)

HELP_WANTED_MAX_CHARS = 1000


class Referral(models.Model):
    """Personal fields are encrypted (referrals/crypto.py) and listed in PERSONAL_FIELDS,
    which withdrawal and retention clear. What statistics need (service, route, statuses
    and their dates in the events, outcome, age band) is never personal."""

    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    route = models.CharField(_("route"), max_length=20, choices=Route.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    status_changed_at = models.DateTimeField(_("status changed at"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("sent to the group at"), null=True, blank=True)
    # When the referral reached closed or withdrawn: the retention clock starts here.
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_text = EncryptedTextField(_("about the outcome"), blank=True)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    decline_text = EncryptedTextField(_("more about declining"), blank=True)

    # Who made it: a professional's account, or (self and peer routes) contact details only.
    referrer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("referrer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals_made",
    )
    referrer_name = EncryptedTextField(_("referrer's name"), blank=True)
    referrer_phone = EncryptedTextField(_("referrer's phone"), blank=True)
    referrer_email = EncryptedTextField(_("referrer's email"), blank=True)

    # The person, and how to reach them safely. No email is required.
    name = EncryptedTextField(_("name or what to call them"), blank=True)
    pronouns = EncryptedTextField(_("pronouns"), blank=True)
    contact_methods = ArrayField(
        models.CharField(max_length=20, choices=ContactMethod.choices),
        default=list,
        blank=True,
        verbose_name=_("ways to contact them"),
    )
    phone = EncryptedTextField(_("phone"), blank=True)
    email = EncryptedTextField(_("email"), blank=True)
    address = EncryptedTextField(_("postal address"), blank=True, help_text=_("One line each."))
    postcode = EncryptedTextField(_("postcode"), blank=True)
    safe_times = EncryptedTextField(_("safe times to contact"), blank=True)
    ok_to_leave_message = models.BooleanField(_("safe to leave a message"), null=True)
    ok_to_say_who_is_calling = models.BooleanField(_("safe to say who is calling"), null=True)
    preferred_language = EncryptedTextField(_("preferred language"), blank=True)
    interpreter = EncryptedTextField(
        _("interpreter needed"), blank=True, help_text=_("e.g. BSL, Punjabi; empty if none")
    )
    access_needs = EncryptedTextField(_("access needs"), blank=True)
    help_wanted = EncryptedTextField(
        _("what they would like help with"), blank=True, max_chars=HELP_WANTED_MAX_CHARS
    )
    age = models.PositiveSmallIntegerField(
        _("age"), null=True, blank=True, validators=[MaxValueValidator(120)]
    )
    gender = EncryptedTextField(_("gender"), blank=True)
    local_area = EncryptedTextField(_("local area"), blank=True)
    # The language of the messages sent to the person (and to a self- or peer-referrer):
    # the page language they referred in, or what the professional chose with them.
    message_language = models.CharField(_("language for messages"), max_length=10, default="en")
    updates_to_person = models.BooleanField(
        _("send the person updates"),
        default=False,
        help_text=_("The person chose to hear about changes as well as the referrer."),
    )

    mismatches = ArrayField(
        models.CharField(max_length=10, choices=Mismatch.choices),
        default=list,
        blank=True,
        verbose_name=_("eligibility mismatches"),
    )
    eligibility_reason = EncryptedTextField(_("reason to proceed"), blank=True)

    rerouted_from = models.ForeignKey(
        "self",
        verbose_name=_("re-routed from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rerouted_to",
    )
    # Kept for statistics after the age itself is cleared.
    age_band = models.CharField(_("age band"), max_length=5, choices=AgeBand.choices, blank=True)
    details_cleared_at = models.DateTimeField(_("details removed at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [
            models.Index(fields=["service", "status"]),
            models.Index(
                fields=["ended_at"],
                name="referrals_awaiting_anonymise",
                condition=Q(anonymised_at__isnull=True, ended_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="referrals_referral_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(route__in=Route.values), name="referrals_referral_route_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""),
                name="referrals_referral_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        # Never the person's name: this string reaches logs and admin breadcrumbs.
        return _("Referral %(id)s to %(service)s") % {"id": self.pk, "service": self.service_id}

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def address_lines(self) -> tuple[str, ...]:
        return tuple(line.strip() for line in (self.address or "").splitlines() if line.strip())

    @property
    def is_visible_to_group(self) -> bool:
        """The group sees nothing before the person has confirmed (peer route)."""
        return self.status != Status.PENDING_CONSENT


# Everything that identifies the person or the referrer, or says something about them.
# Cleared on withdrawal (from the group's view) and at anonymisation.
PERSONAL_FIELDS: dict[str, object] = {
    "referrer_name": "",
    "referrer_phone": "",
    "referrer_email": "",
    "name": "",
    "pronouns": "",
    "contact_methods": [],
    "phone": "",
    "email": "",
    "address": "",
    "postcode": "",
    "safe_times": "",
    "ok_to_leave_message": None,
    "ok_to_say_who_is_calling": None,
    "preferred_language": "",
    "interpreter": "",
    "access_needs": "",
    "help_wanted": "",
    "age": None,
    "gender": "",
    "local_area": "",
    "eligibility_reason": "",
    "outcome_text": "",
    "decline_text": "",
    "updates_to_person": False,
}
