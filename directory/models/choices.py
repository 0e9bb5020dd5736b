"""Fixed vocabularies. Open-ended ones (service types, communities) are taxonomy terms."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceStatus(models.TextChoices):
    # ORUK 3.0 service.status
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class LedBy(models.TextChoices):
    USER_LED = "user_led", _("User-led (run by people with lived experience)")
    BY_AND_FOR = "by_and_for", _("By and for the community it serves")


class AccessMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    PHONE = "phone", _("By phone")
    HOME_VISIT = "home_visit", _("Home visits")
    OUTREACH = "outreach", _("Outreach")
    DROP_IN = "drop_in", _("Drop-in, no appointment")


class ReferralRoute(models.TextChoices):
    SELF = "self", _("You can refer yourself")
    PEER = "peer", _("A friend or peer can refer you")
    PROFESSIONAL = "professional", _("A professional can refer you")


class CapacityStatus(models.TextChoices):
    ACCEPTING = "accepting", _("Accepting new people")
    WAITING_LIST = "waiting_list", _("Waiting list")
    NOT_ACCEPTING = "not_accepting", _("Not accepting new people")


class Gender(models.TextChoices):
    WOMEN = "women", _("Women")
    MEN = "men", _("Men")
    NON_BINARY = "non_binary", _("Non-binary people")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class ScheduleFrequency(models.TextChoices):
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
