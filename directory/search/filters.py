"""The search parameters: one FilterSet for the web form and the ORUK API.

Every parameter is validated by a form field, so a bad value becomes a form error on that
field, never a server error or a silently empty page. The text search, the place and the
ordering depend on each other, so they are applied together in ``filter_queryset``.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.core.validators import RegexValidator
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory import postcodes
from directory.models import (
    AccessMode,
    Attribute,
    CapacityStatus,
    Gender,
    Language,
    LedBy,
    ReferralRoute,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from directory.search import querysets

MAX_QUERY_LENGTH = 200
RADIUS_CHOICES = [
    (1, _("1 mile")),
    (3, _("3 miles")),
    (5, _("5 miles")),
    (10, _("10 miles")),
    (25, _("25 miles")),
]
DEFAULT_RADIUS_MILES = 10
WEEKDAY_CHOICES = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]


class Sort:
    RELEVANCE = "relevance"
    DISTANCE = "distance"
    CHOICES = [(RELEVANCE, _("Best match")), (DISTANCE, _("Nearest first"))]


# Other names people use for a language code; 'sgn-gb' is the older code for BSL.
LANGUAGE_ALIASES = {"bsl": "bfi", "sgn-gb": "bfi"}
LANGUAGE_EQUIVALENTS = {"bfi": ["bfi", "sgn-gb"]}
LANGUAGE_CODE_VALIDATOR = RegexValidator(
    r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$",
    _("Enter a language code such as 'pa' (Punjabi), 'so' (Somali) or 'bfi' (BSL)."),
)


# --- fields -----------------------------------------------------------------------------


class PlaceField(forms.CharField):
    """A postcode or council name, cleaned into a ``directory.postcodes.Place``."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        try:
            return postcodes.place_lookup(text)
        except postcodes.PostcodeError as error:
            raise forms.ValidationError(error.message, code="postcode") from error


class FlagWidget(forms.CheckboxInput):
    """A checkbox that hands its raw value to the field, so 'free=banana' is an error
    rather than quietly meaning yes."""

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, check_test=lambda v: FlagField.parse(v) is True)

    def value_from_datadict(self, data, files, name):
        return data.get(name)


class FlagField(forms.Field):
    """An on/off filter: '1', 'true', 'on', 'yes' switch it on; missing or '0', 'false',
    'off', 'no' leave it off; anything else is an error."""

    widget = FlagWidget
    TRUE = {"1", "true", "on", "yes"}
    FALSE = {"", "0", "false", "off", "no"}
    default_error_messages = {"invalid": _("Choose yes or no.")}

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    @classmethod
    def parse(cls, value) -> bool | None:
        if value is None or isinstance(value, bool):
            return bool(value)
        text = str(value).strip().lower()
        if text in cls.TRUE:
            return True
        if text in cls.FALSE:
            return False
        return None

    def to_python(self, value) -> bool:
        parsed = self.parse(value)
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


class LanguageCodeField(forms.CharField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("validators", [LANGUAGE_CODE_VALIDATOR])
        super().__init__(**kwargs)

    def to_python(self, value) -> str:
        code = super().to_python(value).strip().lower()
        return LANGUAGE_ALIASES.get(code, code)


class FlagFilter(django_filters.Filter):
    field_class = FlagField


class LanguageFilter(django_filters.Filter):
    field_class = LanguageCodeField


class PlaceFilter(django_filters.Filter):
    field_class = PlaceField


class IntegerFilter(django_filters.Filter):
    field_class = forms.IntegerField


def _terms(slug: str) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(taxonomy__slug=slug).order_by("display_order", "name")


# --- the filter set ---------------------------------------------------------------------


class ServiceSearchFilterSet(django_filters.FilterSet):
    """Search parameters as they appear in the URL (``/search/?q=…&postcode=…``).

    ``q``, ``postcode``, ``radius`` and ``sort`` are validated here and applied together
    in ``filter_queryset``; the other filters narrow the queryset independently.
    """

    q = django_filters.CharFilter(
        label=_("What are you looking for?"),
        method="_applied_together",
        max_length=MAX_QUERY_LENGTH,
    )
    postcode = PlaceFilter(label=_("Postcode or council area"), method="_applied_together")
    radius = django_filters.TypedChoiceFilter(
        label=_("Distance"),
        choices=RADIUS_CHOICES,
        coerce=int,
        empty_value=None,
        method="_applied_together",
    )
    service_type = django_filters.ModelMultipleChoiceFilter(
        label=_("Type of help"),
        queryset=_terms(Taxonomy.SERVICE_TYPES),
        to_field_name="code",
        method="filter_terms",
    )
    community = django_filters.ModelMultipleChoiceFilter(
        label=_("Community"),
        queryset=_terms(Taxonomy.COMMUNITIES),
        to_field_name="code",
        method="filter_terms",
    )
    led_by = django_filters.MultipleChoiceFilter(
        label=_("Who leads it"),
        choices=LedBy.choices,
        method="filter_overlap",
    )
    access_mode = django_filters.MultipleChoiceFilter(
        label=_("Ways to take part"),
        choices=AccessMode.choices,
        field_name="access_modes",
        method="filter_overlap",
    )
    referral_route = django_filters.MultipleChoiceFilter(
        label=_("How to get referred"),
        choices=ReferralRoute.choices,
        field_name="referral_routes",
        method="filter_overlap",
    )
    language = LanguageFilter(label=_("Language"), method="filter_language")
    free = FlagFilter(label=_("Free only"), method="filter_free")
    age = IntegerFilter(label=_("Age"), min_value=0, max_value=120, method="filter_age")
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, method="filter_gender", empty_label=_("Any")
    )
    open_now = FlagFilter(label=_("Open now"), method="filter_open_now")
    open_on = django_filters.ChoiceFilter(
        label=_("Open on"),
        choices=WEEKDAY_CHOICES,
        method="filter_open_on",
        empty_label=_("Any day"),
    )
    accepting = FlagFilter(label=_("Accepting new people"), method="filter_accepting")
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=Sort.CHOICES,
        method="_applied_together",
        empty_label=None,
    )

    def __init__(self, data=None, queryset=None, *, now: dt.datetime | None = None, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.now = now or timezone.now()
        self.place: postcodes.Place | None = None
        self.text_search: querysets.TextSearch | None = None

    # Independent filters ----------------------------------------------------------------

    def filter_terms(self, queryset, name, terms):
        # An empty choice arrives as an empty QuerySet, which django-filter does not skip.
        if not terms:
            return queryset
        attributes = Attribute.objects.filter(taxonomy_term__in=terms)
        return queryset.filter(pk__in=attributes.values("service_id"))

    def filter_overlap(self, queryset, name, values):
        return queryset.filter(**{f"{name}__overlap": list(values)})

    def filter_language(self, queryset, name, code):
        codes = LANGUAGE_EQUIVALENTS.get(code, [code])
        matching = Language.objects.filter(
            Q(code__in=codes) | Q(code__startswith=f"{code}-"), service__isnull=False
        )
        return queryset.filter(pk__in=matching.values("service_id"))

    def filter_free(self, queryset, name, on):
        return queryset.filter(is_free=True) if on else queryset

    def filter_age(self, queryset, name, age):
        return queryset.exclude(minimum_age__gt=age).exclude(maximum_age__lt=age)

    def filter_gender(self, queryset, name, gender):
        # An empty list means the service is open to everyone.
        return queryset.filter(Q(eligible_genders=[]) | Q(eligible_genders__contains=[gender]))

    def filter_open_now(self, queryset, name, on):
        return querysets.open_at(queryset, now=self.now) if on else queryset

    def filter_open_on(self, queryset, name, weekday):
        today = self.now.astimezone(querysets.LONDON).date()
        return querysets.open_on(queryset, weekday=weekday, today=today)

    def filter_accepting(self, queryset, name, on):
        return queryset.filter(capacity_status=CapacityStatus.ACCEPTING) if on else queryset

    def _applied_together(self, queryset, name, value):
        return queryset

    # Words, place and order -------------------------------------------------------------

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        self.place = data.get("postcode")
        text = data.get("q") or ""
        if text:
            queryset, self.text_search = querysets.text_search(queryset, text=text)
        else:
            queryset = queryset.annotate(rank=Value(0.0, output_field=FloatField()))
        if self.place is not None:
            radius = data.get("radius") or DEFAULT_RADIUS_MILES
            queryset = querysets.near_place(queryset, place=self.place, radius_miles=radius)
        else:
            queryset = queryset.annotate(distance_m=Value(None, output_field=FloatField()))
        return queryset.order_by(*self.ordering(text=text, sort=data.get("sort")))

    def ordering(self, *, text: str, sort: str | None) -> list:
        """Best match first when words were given, else nearest first, else by name; a
        distance sort without a place falls back to the others."""
        by_name = ["name", "pk"]
        nearest = F("distance_m").asc(nulls_last=True)
        if self.place is not None and (sort == Sort.DISTANCE or not text):
            return [nearest, "-rank", *by_name]
        if text:
            return ["-rank", *([nearest] if self.place is not None else []), *by_name]
        return by_name

    class Meta:
        model = Service
        fields: list[str] = []
