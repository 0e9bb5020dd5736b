from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.models.base import OrukModel
from directory.models.choices import (
    AccessMode,
    CapacityStatus,
    Gender,
    LedBy,
    ReferralRoute,
    ScheduleFrequency,
    ServiceStatus,
)
from directory.models.organisations import Organisation

AGE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(120)]
ISO_639_VALIDATOR = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
    _("Use an ISO 639 code such as 'en', 'pa', 'sgn-gb' or 'bfi' (BSL)."),
)


class Service(OrukModel):
    """Something an organisation offers people (ORUK ``service``)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="services",
    )
    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("other name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(_("interpreting"), blank=True)
    application_process = models.TextField(_("how to get in touch"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    fees = models.TextField(_("fees"), blank=True)
    is_free = models.BooleanField(_("free to use"), default=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), null=True, blank=True, validators=AGE_VALIDATORS
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=AGE_VALIDATORS
    )
    eligible_genders = ArrayField(
        models.CharField(max_length=20, choices=Gender.choices),
        blank=True,
        default=list,
        verbose_name=_("genders served"),
        help_text=_("Leave empty when the service is open to everyone."),
    )
    assured_date = models.DateField(_("last checked on"), null=True, blank=True)
    assurer_email = models.EmailField(_("checked by (email)"), blank=True)
    alert = models.TextField(_("alert"), blank=True)

    # Beyond ORUK: what people and referrers most need to know.
    led_by = ArrayField(
        models.CharField(max_length=20, choices=LedBy.choices),
        blank=True,
        default=list,
        verbose_name=_("who leads it"),
    )
    access_modes = ArrayField(
        models.CharField(max_length=20, choices=AccessMode.choices),
        blank=True,
        default=list,
        verbose_name=_("ways to take part"),
    )
    referral_routes = ArrayField(
        models.CharField(max_length=20, choices=ReferralRoute.choices),
        blank=True,
        default=list,
        verbose_name=_("how people can be referred"),
    )
    capacity_status = models.CharField(
        _("capacity"),
        max_length=20,
        choices=CapacityStatus.choices,
        default=CapacityStatus.ACCEPTING,
    )
    waiting_list_weeks = models.PositiveSmallIntegerField(
        _("waiting time in weeks"), null=True, blank=True, validators=[MaxValueValidator(104)]
    )
    capacity_updated_at = models.DateTimeField(_("capacity updated at"), null=True, blank=True)

    # Kept current by database triggers (directory/migrations/0003_search.py), so bulk
    # writes, imports and COPY stay searchable; see docs/decisions/001-search-vector-triggers.md.
    search_vector = SearchVectorField(null=True, editable=False)

    created_at = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    terms = models.ManyToManyField(
        "directory.TaxonomyTerm",
        through="directory.Attribute",
        related_name="services",
        blank=True,
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["last_modified"]),
            GinIndex(fields=["search_vector"], name="directory_service_search_gin"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="directory_service_age_range_valid",
                violation_error_message=_("The minimum age must not be above the maximum age."),
            ),
            models.CheckConstraint(
                condition=Q(capacity_status=CapacityStatus.WAITING_LIST)
                | Q(waiting_list_weeks__isnull=True),
                name="directory_service_waiting_weeks_only_on_waiting_list",
                violation_error_message=_("Give waiting weeks only for a waiting list."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ServiceStatus.values),
                name="directory_service_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(capacity_status__in=CapacityStatus.values),
                name="directory_service_capacity_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:service_detail", args=[self.pk])

    @property
    def is_peer_referral_only(self) -> bool:
        return ReferralRoute.PEER in self.referral_routes and ReferralRoute.SELF not in (
            self.referral_routes
        )

    def accepts_age(self, age: int) -> bool:
        return (self.minimum_age is None or age >= self.minimum_age) and (
            self.maximum_age is None or age <= self.maximum_age
        )


class ServiceArea(OrukModel):
    """Where a service is available (ORUK ``service_area``): a local authority or 'England'."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(_("area name"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(_("extent"), blank=True)
    extent_type = models.CharField(_("extent type"), max_length=50, blank=True)
    uri = models.URLField(_("URI"), blank=True)

    class Meta:
        verbose_name = _("service area")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class CostOption(OrukModel):
    """A price for a service (ORUK ``cost_option``)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    option = models.CharField(_("what it is for"), max_length=255, blank=True)
    amount = models.DecimalField(
        _("amount (£)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(max_length=3, default="GBP")
    amount_description = models.CharField(_("amount description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("cost option")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(amount__isnull=True),
                name="directory_costoption_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.option or str(self.amount)


class Funding(OrukModel):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("source"), max_length=255)

    class Meta:
        verbose_name = _("funding")
        verbose_name_plural = _("funding")

    def __str__(self) -> str:
        return self.source


class Contact(OrukModel):
    """A named contact for a service (ORUK ``contact``)."""

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=255, blank=True)
    title = models.CharField(_("role"), max_length=255, blank=True)
    department = models.CharField(_("department"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        verbose_name = _("contact")

    def __str__(self) -> str:
        return self.name or self.title or str(self.pk)


class Phone(OrukModel):
    """A phone number (ORUK ``phone``), for a service, a contact or a location."""

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    location = models.ForeignKey(
        "directory.Location", null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=50)
    extension = models.CharField(_("extension"), max_length=20, blank=True)
    type = models.CharField(
        _("type"),
        max_length=20,
        blank=True,
        help_text=_("e.g. voice, text, textphone, video (BSL)"),
    )
    description = models.CharField(_("description"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("phone")

    def __str__(self) -> str:
        return self.number


class Schedule(OrukModel):
    """When a service is open, in iCal-style terms (ORUK ``schedule``)."""

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        "directory.ServiceAtLocation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, choices=ScheduleFrequency.choices, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(
        max_length=100,
        blank=True,
        validators=[
            RegexValidator(
                r"^((-?\d)?(MO|TU|WE|TH|FR|SA|SU))(,(-?\d)?(MO|TU|WE|TH|FR|SA|SU))*$",
                _("Days as iCal codes, e.g. MO,WE,FR or 1TU for the first Tuesday."),
            )
        ],
    )
    bymonthday = models.CharField(max_length=100, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    schedule_link = models.URLField(blank=True)
    attending_type = models.CharField(max_length=100, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        verbose_name = _("schedule")
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False) | Q(service_at_location__isnull=False),
                name="directory_schedule_has_owner",
                violation_error_message=_("A schedule belongs to a service or a location."),
            ),
            models.CheckConstraint(
                condition=Q(opens_at__isnull=True)
                | Q(closes_at__isnull=True)
                | ~Q(opens_at=models.F("closes_at")),
                name="directory_schedule_opens_differs_from_closes",
            ),
        ]

    def __str__(self) -> str:
        return self.description or f"{self.freq} {self.byday} {self.opens_at}-{self.closes_at}"

    @property
    def days(self) -> list[str]:
        """The weekday codes (MO…SU) this schedule falls on, without ordinal prefixes."""
        return [d.lstrip("-0123456789") for d in self.byday.split(",") if d]


class Language(OrukModel):
    """A language a service works in (HSDS 3.0 ``language``; ISO 639 codes)."""

    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    location = models.ForeignKey(
        "directory.Location",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="languages",
    )
    phone = models.ForeignKey(
        Phone, null=True, blank=True, on_delete=models.CASCADE, related_name="languages"
    )
    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(_("ISO 639 code"), max_length=20, validators=[ISO_639_VALIDATOR])
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("language")
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        return self.name
