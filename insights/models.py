"""Insights: equality answers (sealed), one fact row per referral for the figures, the
searches that found nothing, and organisations' opt-in to public figures.

See docs/decisions/009-insights.md for why the answers are sealed deterministically and
why the figures read a denormalised fact table.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Case, F, Q, When
from django.utils.translation import gettext_lazy as _

from insights.coding import CharacteristicTokenField, SealedCodeField

# The sealed characteristics, in the order the questions are asked. The field names are
# the sealing's associated data: the same in EqualityAnswers and ReferralFact.
SEALED_FIELDS = (
    "ethnic_group",
    "ethnic_heading",
    "sex",
    "gender_same_as_birth",
    "sexual_orientation",
    "disability",
    "religion",
    "main_language",
    "imd_decile",
)


class EqualityAnswers(models.Model):
    """One person's equality monitoring answers for one referral, given only with their
    separate consent (referrals.Consent, purpose equality_monitoring) and deleted when that
    consent is withdrawn. Every answer is sealed (insights/coding.py); an empty code means
    the question was left out. Only counted, never shown one by one."""

    referral = models.OneToOneField(
        "referrals.Referral",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="equality_answers",
    )
    ethnic_group = SealedCodeField(_("ethnic group"))
    ethnic_heading = SealedCodeField(_("ethnic group (heading)"))
    sex = SealedCodeField(_("sex"))
    gender_same_as_birth = SealedCodeField(_("gender identity the same as sex at birth"))
    sexual_orientation = SealedCodeField(_("sexual orientation"))
    disability = SealedCodeField(_("disability"))
    religion = SealedCodeField(_("religion or belief"))
    main_language = SealedCodeField(_("main language"))
    # Derived from the person's postcode, never asked: IMD 2019 decile, "" if unknown.
    imd_decile = SealedCodeField(_("deprivation decile"))
    # The person's council (ONS code, or the council's name where the data has no code):
    # coarse, and not personal, so kept plain for the area filter.
    local_authority = models.CharField(_("local authority"), max_length=100, blank=True)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("equality answers")
        verbose_name_plural = _("equality answers")

    def __str__(self) -> str:
        # Never an answer: this string reaches logs and the admin.
        return f"Equality answers for referral {self.referral_id}"


class TermSet(models.Model):
    """One combination of a service's types of help and communities, as referral facts
    saw it. Facts point at it by number, so the figures read and group an integer per
    referral rather than two arrays (a quarter less to read; grouping by type of help
    about 2.5 times faster on a million referrals), and unnest only the few sets."""

    service_types = ArrayField(models.UUIDField(), default=list)
    communities = ArrayField(models.UUIDField(), default=list)

    class Meta:
        verbose_name = _("set of types of help and communities")
        constraints = [
            models.UniqueConstraint(
                fields=["service_types", "communities"], name="insights_termset_unique"
            )
        ]
        indexes = [
            GinIndex(fields=["service_types"], name="insights_termset_types"),
            GinIndex(fields=["communities"], name="insights_termset_communities"),
        ]

    def __str__(self) -> str:
        return f"Term set {self.pk}"


class ReferralFact(models.Model):
    """What the figures count about one referral, in one row: kept current from the
    referral's events and answers (insights/facts.py, on every ReferralEvent saved) and
    rebuilt by ``manage.py insights_rebuild``. Holds nothing that identifies the person;
    the characteristics are tokens of the sealed EqualityAnswers (insights/coding.py)."""

    # Column order matters for speed: the figures scan every row, and PostgreSQL reads the
    # fixed-width columns in front of the first variable-width one fastest. So the ids and
    # tokens come first, then the dates and scores, then text.
    referral = models.OneToOneField(
        "referrals.Referral", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    service_id = models.UUIDField()
    organisation_id = models.UUIDField()

    ethnic_group = CharacteristicTokenField()
    ethnic_heading = CharacteristicTokenField()
    sex = CharacteristicTokenField()
    gender_same_as_birth = CharacteristicTokenField()
    sexual_orientation = CharacteristicTokenField()
    disability = CharacteristicTokenField()
    religion = CharacteristicTokenField()
    main_language = CharacteristicTokenField()
    imd_decile = CharacteristicTokenField()
    # The service's types of help and communities when the referral last moved.
    term_set = models.ForeignKey(TermSet, on_delete=models.PROTECT, related_name="+")

    refreshed_at = models.DateTimeField(auto_now=True)

    # The first time the referral reached each stage (null: never).
    submitted_at = models.DateTimeField(null=True)
    opened_at = models.DateTimeField(null=True)
    accepted_at = models.DateTimeField(null=True)
    waiting_list_at = models.DateTimeField(null=True)
    contacted_at = models.DateTimeField(null=True)
    met_at = models.DateTimeField(null=True)
    declined_at = models.DateTimeField(null=True)
    closed_at = models.DateTimeField(null=True)
    withdrawn_at = models.DateTimeField(null=True)
    # Calendar days (settings.TIME_ZONE) from submitted_at to contacted_at: 0 is the same
    # day. Whole days, so the median and 90th percentile can be computed from counts per
    # day, which PostgreSQL does in parallel (insights/figures.py).
    days_to_contact = models.IntegerField(null=True)
    # The quarter of submitted_at in settings.TIME_ZONE as a number: 20263 is 2026 Q3.
    submitted_quarter = models.IntegerField(null=True)

    experience_rating = models.PositiveSmallIntegerField(null=True)
    # ONS4 at referral and at eight weeks.
    life_satisfaction_0 = models.PositiveSmallIntegerField(null=True)
    worthwhile_0 = models.PositiveSmallIntegerField(null=True)
    happiness_0 = models.PositiveSmallIntegerField(null=True)
    anxiety_0 = models.PositiveSmallIntegerField(null=True)
    life_satisfaction_8 = models.PositiveSmallIntegerField(null=True)
    worthwhile_8 = models.PositiveSmallIntegerField(null=True)
    happiness_8 = models.PositiveSmallIntegerField(null=True)
    anxiety_8 = models.PositiveSmallIntegerField(null=True)

    route = models.CharField(max_length=20)
    age_band = models.CharField(max_length=5, blank=True)
    # The person's council if known, else the service's; see EqualityAnswers.local_authority.
    person_area = models.CharField(max_length=100, blank=True)
    service_area = models.CharField(max_length=100, blank=True)
    area = models.GeneratedField(
        expression=Case(
            When(~Q(person_area=""), then=F("person_area")),
            default=F("service_area"),
        ),
        output_field=models.CharField(max_length=100),
        db_persist=True,
    )
    decline_reason = models.CharField(max_length=20, blank=True)
    outcome = models.CharField(max_length=20, blank=True)

    class Meta:
        verbose_name = _("referral fact")
        indexes = [
            models.Index(fields=["submitted_at"], name="insights_fact_submitted"),
            models.Index(fields=["area", "submitted_at"], name="insights_fact_area"),
            models.Index(fields=["organisation_id", "submitted_at"], name="insights_fact_org"),
            models.Index(fields=["service_id", "submitted_at"], name="insights_fact_service"),
            models.Index(fields=["term_set"], name="insights_fact_term_set"),
        ]

    def __str__(self) -> str:
        return f"Facts of referral {self.referral_id}"


class ZeroResultSearch(models.Model):
    """A search that found nothing, kept without anything personal: the words (normalised,
    long numbers removed, capped), the filters, the outward code only, and the month."""

    month = models.DateField(_("month"))
    query = models.CharField(_("words"), max_length=100, blank=True)
    outward_code = models.CharField(_("outward code"), max_length=4, blank=True)
    # The council of the outward code where known: the "area" of the gaps figures.
    area = models.CharField(_("area"), max_length=100, blank=True)
    # Taxonomy term ids, as in Filters.
    service_types = ArrayField(models.UUIDField(), default=list, blank=True)
    communities = ArrayField(models.UUIDField(), default=list, blank=True)
    filters = models.JSONField(_("other filters"), default=dict, blank=True)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        indexes = [models.Index(fields=["month", "area"], name="insights_zero_month_area")]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}: {self.query or '-'} ({self.outward_code or '-'})"


class TransparencyOptIn(models.Model):
    """An organisation agreed to show its (suppressed) figures on a public page."""

    organisation = models.OneToOneField(
        "directory.Organisation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="transparency_opt_in",
    )
    opted_in_at = models.DateTimeField(_("opted in at"))
    opted_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opted in by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("transparency opt-in")

    def __str__(self) -> str:
        return f"{self.organisation_id} opted in at {self.opted_in_at:%Y-%m-%d}"
