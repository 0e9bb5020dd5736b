"""Fixed vocabularies of referrals."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Route(models.TextChoices):
    # The same values as directory.ReferralRoute, which says which routes a service accepts.
    PROFESSIONAL = "professional", _("By a professional")
    SELF = "self", _("By the person themselves")
    PEER = "peer", _("By a friend or peer")


class Status(models.TextChoices):
    PENDING_CONSENT = "pending_consent", _("Waiting for the person to confirm")
    SUBMITTED = "submitted", _("Sent to the group")
    OPENED = "opened", _("Opened by the group")
    ACCEPTED = "accepted", _("Accepted")
    WAITING_LIST = "waiting_list", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    CONTACTED = "contacted", _("The group has been in touch")
    MET = "met", _("First session attended")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Nothing moves out of these.
FINAL_STATUSES = frozenset({Status.CLOSED, Status.WITHDRAWN})


class Outcome(models.TextChoices):
    GETTING_SUPPORT = "getting_support", _("Getting support")
    COULD_NOT_CONTACT = "could_not_contact", _("Could not contact")
    PERSON_WITHDREW = "person_withdrew", _("Person withdrew")
    NOT_RIGHT = "not_right", _("Not right for them")
    REROUTED = "rerouted", _("Introduced to another service instead")
    OTHER = "other", _("Other")


class DeclineReason(models.TextChoices):
    NO_CAPACITY = "no_capacity", _("No space at the moment")
    NOT_ELIGIBLE = "not_eligible", _("Outside who the group is for")
    NOT_RIGHT = "not_right", _("Another service would suit them better")
    OUT_OF_AREA = "out_of_area", _("Outside the area the group covers")
    DUPLICATE = "duplicate", _("Already referred or already attending")
    OTHER = "other", _("Other")


class ContactMethod(models.TextChoices):
    PHONE_CALL = "phone_call", _("Phone call")
    SMS = "sms", _("Text message")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")
    THROUGH_REFERRER = "through_referrer", _("Through the person who referred them")


class Mismatch(models.TextChoices):
    AGE = "age", _("Age is outside the ages the service is for")
    GENDER = "gender", _("The service is for a different gender")
    AREA = "area", _("Lives outside the area the service covers")


class ConsentPurpose(models.TextChoices):
    SHARE_WITH_GROUP = "share_with_group", _("Share these details with the group")
    EQUALITY_MONITORING = "equality_monitoring", _("Use equality monitoring answers")


class ConsentMethod(models.TextChoices):
    ONLINE = "online", _("Given online by the person")
    STATUS_LINK = "status_link", _("Given by the person through their private link")
    VERBAL_TO_PROFESSIONAL = "verbal", _("Given in conversation with the professional")
    WRITTEN_TO_PROFESSIONAL = "written", _("Given in writing to the professional")


class LinkHolder(models.TextChoices):
    REFERRER = "referrer", _("The person who made the referral")
    PERSON = "person", _("The person referred")


class ActorRole(models.TextChoices):
    GROUP = "group", _("The group")
    REFERRER = "referrer", _("The referrer")
    PERSON = "person", _("The person")
    ADMIN = "admin", _("Site admin")
    SYSTEM = "system", _("Automatic")


class AgeBand(models.TextChoices):
    UNDER_18 = "0-17", _("Under 18")
    FROM_18 = "18-24", _("18 to 24")
    FROM_25 = "25-34", _("25 to 34")
    FROM_35 = "35-44", _("35 to 44")
    FROM_45 = "45-54", _("45 to 54")
    FROM_55 = "55-64", _("55 to 64")
    FROM_65 = "65-74", _("65 to 74")
    FROM_75 = "75+", _("75 and over")

    @classmethod
    def for_age(cls, age: int | None) -> str:
        if age is None:
            return ""
        for band in reversed(cls):
            if age >= int(band.value.split("-")[0].rstrip("+")):
                return band.value
        return cls.UNDER_18.value
