"""Forms for group workspaces, curators and the public. They validate and shape data;
the services in directory/services/ do the writing."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from directory.forms_public import (  # noqa: F401 - the public forms' old home
    PublicForm,
    ReportForm,
    SuggestionForm,
    client_fingerprint,
)
from directory.models import (
    AccessMode,
    CapacityStatus,
    Gender,
    LedBy,
    LocationType,
    MembershipRole,
    Organisation,
    ReferralRoute,
    Schedule,
    ScheduleFrequency,
    Service,
    Taxonomy,
    TaxonomyTerm,
)
from directory.models.services import ISO_639_VALIDATOR
from directory.services.snapshots import (
    ACCESSIBILITY,
    ADDRESS_KEYS,
    CONTACTS,
    COST_OPTIONS,
    FUNDING,
    IDENTIFIERS,
    LOCATION_KEYS,
    ORGANISATION_FIELDS,
    ORGANISATION_TRANSLATIONS,
    PHONES,
    SCHEDULE_KEYS,
    SERVICE_AREAS,
    SERVICE_FIELDS,
    SERVICE_TRANSLATIONS,
    RowSpec,
    Snapshot,
    json_value,
    row_key,
)

# --- Listing edits --------------------------------------------------------------------

# Day first, as people in the UK write dates; ISO too, as the form shows saved dates.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d %B %Y", "%d %b %Y", "%Y-%m-%d"]


def _date_field(label, **kwargs) -> forms.DateField:
    kwargs.setdefault("help_text", _("For example 31/3/2026"))
    return forms.DateField(label=label, required=False, input_formats=DATE_INPUT_FORMATS, **kwargs)


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class OrganisationEditForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(
            fields_for_model(
                Organisation, fields=ORGANISATION_FIELDS, formfield_callback=_formfield
            )
        )
        self.fields["description"].widget = forms.Textarea()
        self.fields["logo"].label = _("Link to the group's logo")
        self.fields["logo"].help_text = _("The web address of a picture, e.g. on your website.")

    def snapshot(self) -> Snapshot:
        return {name: self.cleaned_data[name] for name in ORGANISATION_FIELDS}


def _checkboxes(label, choices, hint="") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=hint,
    )


def _term_choices(slug: str) -> list[tuple[str, str]]:
    return list(
        TaxonomyTerm.objects.filter(taxonomy__slug=slug)
        .order_by("display_order", "name")
        .values_list("code", "name")
    )


class ServiceEditForm(forms.Form):
    """Every member-editable field of a service; rows (schedules, languages, places) are
    formsets beside it."""

    _ARRAYS = {
        "led_by": LedBy.choices,
        "eligible_genders": Gender.choices,
        "access_modes": AccessMode.choices,
        "referral_routes": ReferralRoute.choices,
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        scalar = [f for f in SERVICE_FIELDS if f not in self._ARRAYS]
        model_fields = fields_for_model(Service, fields=scalar, formfield_callback=_formfield)
        for name in SERVICE_FIELDS:
            if name in self._ARRAYS:
                field = Service._meta.get_field(name)
                self.fields[name] = _checkboxes(
                    field.verbose_name.capitalize(), self._ARRAYS[name], field.help_text
                )
            else:
                self.fields[name] = model_fields[name]
            if name == "led_by":
                self.fields["service_types"] = _checkboxes(
                    _("Type of support"), _term_choices(Taxonomy.SERVICE_TYPES)
                )
            if name == "eligibility_description":
                self.fields["communities"] = _checkboxes(
                    _("Communities"),
                    _term_choices(Taxonomy.COMMUNITIES),
                    _("Choose the communities the group is especially for."),
                )
        for name in ("description", "eligibility_description", "application_process", "alert"):
            self.fields[name].widget = forms.Textarea()
        self.fields["alert"].help_text = _(
            "A short notice shown at the top of the listing, e.g. 'Closed over Christmas'."
        )

    def clean(self):
        data = super().clean()
        low, high = data.get("minimum_age"), data.get("maximum_age")
        if low is not None and high is not None and low > high:
            self.add_error("maximum_age", _("The maximum age must not be below the minimum age."))
        return data

    def snapshot(self) -> Snapshot:
        data = self.cleaned_data
        result: Snapshot = {}
        for name in SERVICE_FIELDS:
            value = data[name]
            result[name] = list(value) if name in self._ARRAYS else value
            if name == "led_by":
                result["service_types"] = sorted(data["service_types"])
            if name == "eligibility_description":
                result["communities"] = sorted(data["communities"])
        return result


class ScheduleForm(forms.Form):
    freq = forms.ChoiceField(
        label=_("How often"),
        choices=[("", _("Not regular")), *ScheduleFrequency.choices],
        required=False,
    )
    byday = forms.CharField(
        label=_("Days"),
        required=False,
        help_text=_(
            "Days as codes: MO, TU, WE, TH, FR, SA, SU, e.g. MO,TH; 1TU is the first "
            "Tuesday of the month."
        ),
    )
    interval = forms.IntegerField(
        label=_("Every how many weeks or months"),
        required=False,
        min_value=1,
        max_value=12,
        help_text=_("Leave empty for every week or month."),
    )
    bymonthday = forms.CharField(
        label=_("Days of the month"),
        required=False,
        max_length=100,
        validators=[
            RegexValidator(
                r"^-?\d{1,2}(,-?\d{1,2})*$",
                _("Enter days of the month as numbers with commas, e.g. 1,15"),
            )
        ],
        help_text=_("Only for a monthly time on set dates, e.g. 1,15"),
    )
    opens_at = forms.TimeField(label=_("Starts at"), required=False, help_text=_("e.g. 18:30"))
    closes_at = forms.TimeField(label=_("Ends at"), required=False, help_text=_("e.g. 20:00"))
    dtstart = _date_field(_("First date"), help_text=_("If it matters, e.g. 6/1/2026"))
    valid_from = _date_field(_("Runs from"), help_text=_("For a course or season, e.g. 6/1/2026"))
    valid_to = _date_field(_("Runs until"))
    attending_type = forms.CharField(
        label=_("How to attend"),
        required=False,
        max_length=100,
        help_text=_("e.g. in person, online, by phone"),
    )
    schedule_link = forms.URLField(
        label=_("Link to a timetable"), required=False, assume_scheme="https"
    )
    description = forms.CharField(label=_("Description"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False)

    def clean_byday(self) -> str:
        byday = self.cleaned_data["byday"].replace(" ", "").upper()
        if byday:
            for validator in Schedule._meta.get_field("byday").validators:
                validator(byday)
        return byday

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and opens == closes:
            self.add_error("closes_at", _("The end time must differ from the start time."))
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The last date must not be before the first."))
        return data

    def row(self) -> dict:
        data = self.cleaned_data
        row = {key: json_value(data[key]) for key in SCHEDULE_KEYS}
        row["opens_at"] = data["opens_at"].strftime("%H:%M") if data["opens_at"] else ""
        row["closes_at"] = data["closes_at"].strftime("%H:%M") if data["closes_at"] else ""
        return row


class LanguageForm(forms.Form):
    name = forms.CharField(label=_("Language"), max_length=100)
    code = forms.CharField(
        label=_("Language code"),
        max_length=20,
        validators=[ISO_639_VALIDATOR],
        help_text=_("e.g. en, pa (Punjabi), ur (Urdu), bfi (British Sign Language)"),
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def row(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("name", "code", "note")}


class RowForm(forms.Form):
    """One row of a ``RowSpec`` (snapshots.py); ``row()`` is shaped like ``rows_read``."""

    spec: RowSpec

    def row(self) -> dict:
        return {name: json_value(self.cleaned_data.get(name)) for name in self.spec.fields}


PHONE_VALIDATOR = RegexValidator(
    r"^\+?[0-9 ()-]{5,49}$", _("Enter a phone number, like 01942 123456 or +44 1942 123456")
)


class PhoneForm(RowForm):
    spec = PHONES
    number = forms.CharField(label=_("Phone number"), max_length=50, validators=[PHONE_VALIDATOR])
    extension = forms.CharField(label=_("Extension"), max_length=20, required=False)
    type = forms.CharField(
        label=_("Type of line"),
        max_length=20,
        required=False,
        help_text=_("e.g. voice, text, textphone, video (BSL)"),
    )
    description = forms.CharField(
        label=_("What it is for"),
        max_length=255,
        required=False,
        help_text=_("e.g. 'Evenings only' or 'Bookings'"),
    )


class ContactForm(RowForm):
    spec = CONTACTS
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    title = forms.CharField(
        label=_("Role"), max_length=255, required=False, help_text=_("e.g. Coordinator")
    )
    department = forms.CharField(label=_("Department"), max_length=255, required=False)
    email = forms.EmailField(label=_("Email address"), required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(k) for k in ("name", "title", "email")) and not self.errors:
            raise forms.ValidationError(
                _("Give the contact's name, role or email address, or remove the contact.")
            )
        return data


class CostOptionForm(RowForm):
    spec = COST_OPTIONS
    option = forms.CharField(
        label=_("What the cost is for"),
        max_length=255,
        required=False,
        help_text=_("e.g. 'Each session' or 'A term of 10 weeks'"),
    )
    amount = forms.DecimalField(
        label=_("Amount in pounds"),
        max_digits=8,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("e.g. 3.50"),
    )
    amount_description = forms.CharField(
        label=_("About the cost"),
        max_length=255,
        required=False,
        help_text=_("e.g. 'Pay what you can' or 'Free for carers'"),
    )
    valid_from = _date_field(_("Charged from"), help_text=_("If it changes, e.g. 1/4/2026"))
    valid_to = _date_field(_("Charged until"))

    def clean(self):
        data = super().clean()
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The last date must not be before the first."))
        given = data.get("option") or data.get("amount_description")
        if not (given or data.get("amount") is not None or self.errors):
            raise forms.ValidationError(_("Give an amount or say what the cost is, or remove it."))
        return data


class ServiceAreaForm(RowForm):
    spec = SERVICE_AREAS
    name = forms.CharField(
        label=_("Area"), max_length=255, help_text=_("e.g. Wigan, Greater Manchester or England")
    )
    description = forms.CharField(label=_("About the area"), required=False)
    uri = forms.URLField(
        label=_("Link to a map of the area"), required=False, assume_scheme="https"
    )


class FundingForm(RowForm):
    spec = FUNDING
    source = forms.CharField(
        label=_("Who funds it"),
        max_length=255,
        help_text=_("e.g. National Lottery Community Fund"),
    )


def _translation_language_choices() -> list[tuple[str, str]]:
    # Read when a form is built, not at import (settings may differ per test or site).
    return [("", _("Choose a language"))] + [
        (code, name) for code, name in settings.LANGUAGES if code != "en"
    ]


class ServiceTranslationForm(RowForm):
    """The listing in another language; fields left empty show the English text."""

    spec = SERVICE_TRANSLATIONS
    language = forms.ChoiceField(label=_("Language"))
    name = forms.CharField(label=_("Name in this language"), max_length=255, required=False)
    description = forms.CharField(
        label=_("Description in this language"), widget=forms.Textarea, required=False
    )
    application_process = forms.CharField(
        label=_("How to get in touch, in this language"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = _translation_language_choices()

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.spec.fields if name != "language"):
            raise forms.ValidationError(
                _("Write something in this language, or remove it."), code="empty"
            )
        return data


class OrganisationTranslationForm(ServiceTranslationForm):
    spec = ORGANISATION_TRANSLATIONS
    application_process = None


class IdentifierForm(RowForm):
    spec = IDENTIFIERS
    identifier_type = forms.CharField(
        label=_("Kind of number"),
        max_length=100,
        help_text=_("e.g. Registered charity number or Company number"),
    )
    identifier_scheme = forms.CharField(
        label=_("Register code"),
        max_length=50,
        required=False,
        help_text=_("If you know it, e.g. GB-CHC for the Charity Commission"),
    )
    identifier = forms.CharField(label=_("Number"), max_length=100)


class AccessibilityForm(RowForm):
    spec = ACCESSIBILITY
    description = forms.CharField(
        label=_("What helps people get in and take part"),
        help_text=_("e.g. step-free entrance, hearing loop, accessible toilet"),
    )
    details = forms.CharField(label=_("More details"), required=False, widget=forms.Textarea)
    url = forms.URLField(label=_("Link to more information"), required=False, assume_scheme="https")


class LocationForm(forms.Form):
    id = forms.CharField(required=False, widget=forms.HiddenInput)
    location_type = forms.ChoiceField(
        label=_("Kind of place"),
        choices=[
            (LocationType.PHYSICAL, _("A place people go to")),
            (LocationType.VIRTUAL, _("Online")),
            (LocationType.POSTAL, _("A postal address only")),
        ],
        initial=LocationType.PHYSICAL,
    )
    name = forms.CharField(label=_("Name of the place"), max_length=255, required=False)
    alternate_name = forms.CharField(label=_("Other name"), max_length=255, required=False)
    url = forms.URLField(
        label=_("Web address"),
        required=False,
        assume_scheme="https",
        help_text=_("For an online place, the link people use to join"),
    )
    attention = forms.CharField(label=_("For the attention of"), max_length=255, required=False)
    address_1 = forms.CharField(label=_("Address line 1"), max_length=255, required=False)
    address_2 = forms.CharField(label=_("Address line 2"), max_length=255, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=100, required=False)
    region = forms.CharField(label=_("Region"), max_length=100, required=False)
    state_province = forms.CharField(label=_("County"), max_length=100, required=False)
    postal_code = forms.CharField(label=_("Postcode"), max_length=10, required=False)
    description = forms.CharField(label=_("How to find it"), required=False, widget=forms.Textarea)
    transportation = forms.CharField(
        label=_("Public transport"), required=False, widget=forms.Textarea
    )

    _ADDRESS_REQUIRED = {
        "address_1": _("Enter the first line of the address."),
        "city": _("Enter the town or city."),
        "state_province": _("Enter the county."),
        "postal_code": _("Enter the postcode."),
    }

    def __init__(self, *args, place_ids: frozenset[str] = frozenset(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.place_ids = place_ids

    def clean_postal_code(self) -> str:
        from directory.postcodes import PostcodeError, normalise_postcode

        if not self.cleaned_data["postal_code"]:
            return ""
        try:
            return normalise_postcode(self.cleaned_data["postal_code"])
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from error

    def clean(self):
        data = super().clean()
        if data.get("id") and data["id"] not in self.place_ids:
            # Only a tampered form sends an id that is not one of the group's places.
            raise forms.ValidationError(
                _("This place is not one of your group's places. Remove it and add it again.")
            )
        if data.get("location_type") == LocationType.VIRTUAL:
            if not data.get("url") and "url" not in self.errors:
                self.add_error("url", _("Enter the link people use to join online."))
        else:
            for name, message in self._ADDRESS_REQUIRED.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        return data

    def row(self) -> dict:
        return {
            "id": self.cleaned_data["id"],
            **{k: self.cleaned_data[k] for k in (*LOCATION_KEYS, *ADDRESS_KEYS)},
        }


@dataclass(frozen=True)
class Nested:
    """Rows held by one row of a formset (a contact's phones, a place's accessibility)."""

    key: str
    title: str
    row_label: str
    add_label: str
    formset: forms.BaseFormSet


class RowFormSet(forms.BaseFormSet):
    """A formset whose rows may hold formsets of their own (``nested``: key, formset class,
    heading, row label, add label), rendered inside the row and named after it, so the page
    works without JavaScript: each list has one blank row to add with, and a "Remove"
    checkbox on each row."""

    nested: tuple = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for form in self.forms:
            form.nested = [
                Nested(
                    key=key,
                    title=str(title),
                    row_label=str(row_label),
                    add_label=str(add_label),
                    formset=formset_class(
                        self.data if self.is_bound else None,
                        initial=(form.initial or {}).get(key) or [],
                        prefix=f"{form.prefix}-{key}",
                    ),
                )
                for key, formset_class, title, row_label, add_label in self.nested
            ]

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove this")

    def _kept(self, form) -> bool:
        if self.can_delete and self._should_delete_form(form):
            return False
        return form.has_changed() or bool(form.initial) or self._nested_changed(form)

    @staticmethod
    def _nested_changed(form) -> bool:
        return any(f.has_changed() for n in form.nested for f in n.formset.forms)

    def is_valid(self) -> bool:
        valid = super().is_valid()
        for form in self.forms:
            if not self._kept(form):
                continue
            if not (form.has_changed() or form.initial):
                # Rows typed inside an empty new row: say so rather than drop them.
                form.add_error(None, _("Fill in this row too, or clear what you typed inside it."))
                valid = False
            for nested in form.nested:
                valid = nested.formset.is_valid() and valid
        return valid

    def forms_with_errors(self) -> list:
        found = []
        for form in self.forms:
            if form.errors:
                found.append(form)
            for nested in getattr(form, "nested", []):
                found += nested.formset.forms_with_errors()
        return found

    def rows(self) -> list[dict]:
        rows = []
        for form in self.forms:
            if not form.cleaned_data or (self.can_delete and self._should_delete_form(form)):
                continue
            row = form.row()
            for nested in form.nested:
                row[nested.key] = sorted(nested.formset.rows(), key=row_key)
            rows.append(row)
        return rows


class IdentifierRowFormSet(RowFormSet):
    def clean(self) -> None:
        # The database allows each number once per group; say so here rather than fail
        # when a curator approves.
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or "identifier" not in data:
                continue
            key = (data.get("identifier_type"), data["identifier"])
            if key in seen:
                form.add_error("identifier", _("This number is listed twice. Remove one of them."))
            seen.add(key)


class TranslationRowFormSet(RowFormSet):
    def clean(self) -> None:
        # One row a language: the database allows no more.
        seen = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or not data.get("language"):
                continue
            language = data["language"]
            if language in seen:
                form.add_error("language", _("This language is listed twice. Remove one."))
            seen.add(language)


def _row_formset(form, *, nested: tuple = (), extra: int = 1, base=RowFormSet):
    formset = forms.formset_factory(
        form, formset=base, extra=extra, can_delete=True, can_delete_extra=False
    )
    formset.nested = nested
    return formset


PhoneFormSet = _row_formset(PhoneForm)
ContactFormSet = _row_formset(
    ContactForm,
    nested=(
        ("phones", PhoneFormSet, _("Phone numbers"), _("Phone number"), _("Add a phone number")),
    ),
)
CostOptionFormSet = _row_formset(CostOptionForm)
ServiceAreaFormSet = _row_formset(ServiceAreaForm)
FundingFormSet = _row_formset(FundingForm)
IdentifierFormSet = _row_formset(IdentifierForm, base=IdentifierRowFormSet)
ServiceTranslationFormSet = _row_formset(ServiceTranslationForm, base=TranslationRowFormSet)
OrganisationTranslationFormSet = _row_formset(
    OrganisationTranslationForm, base=TranslationRowFormSet
)
AccessibilityFormSet = _row_formset(AccessibilityForm)
ScheduleFormSet = _row_formset(ScheduleForm)
LanguageFormSet = _row_formset(LanguageForm)
LocationFormSet = _row_formset(
    LocationForm,
    nested=(
        (
            "accessibility",
            AccessibilityFormSet,
            _("Accessibility"),
            _("Accessibility note"),
            _("Add an accessibility note"),
        ),
        ("phones", PhoneFormSet, _("Phone numbers"), _("Phone number"), _("Add a phone number")),
    ),
)


@dataclass(frozen=True)
class RowsSection:
    """A list of rows on an edit page: the snapshot key, its formset and its wording."""

    key: str
    formset_class: type
    title: str
    row_label: str
    add_label: str
    hint: str = ""
    sorted_rows: bool = True


def _sections(*rows) -> tuple[RowsSection, ...]:
    return tuple(RowsSection(*row) for row in rows)


def service_sections() -> tuple[RowsSection, ...]:
    return _sections(
        ("schedules", ScheduleFormSet, _("When it is on"), _("Time"), _("Add a time")),
        ("languages", LanguageFormSet, _("Languages"), _("Language"), _("Add a language")),
        (
            "locations",
            LocationFormSet,
            _("Where it is"),
            _("Place"),
            _("Add a place"),
            _("Leave the last place empty if you do not need to add one."),
            False,
        ),
        ("phones", PhoneFormSet, _("Phone numbers"), _("Phone number"), _("Add a phone number")),
        ("contacts", ContactFormSet, _("Contacts"), _("Contact"), _("Add a contact")),
        ("cost_options", CostOptionFormSet, _("Costs"), _("Cost"), _("Add a cost")),
        ("service_areas", ServiceAreaFormSet, _("Areas served"), _("Area"), _("Add an area")),
        ("funding", FundingFormSet, _("Funding"), _("Funder"), _("Add a funder")),
        (
            "translations",
            ServiceTranslationFormSet,
            _("In other languages"),
            _("Language"),
            _("Add a language"),
            _("The name, description and how to get in touch in a language the group works in."),
        ),
    )


def organisation_sections() -> tuple[RowsSection, ...]:
    return _sections(
        (
            "identifiers",
            IdentifierFormSet,
            _("Registered numbers"),
            _("Number"),
            _("Add a number"),
            _("For example a charity or company number."),
        ),
        ("contacts", ContactFormSet, _("Contacts"), _("Contact"), _("Add a contact")),
        (
            "organisation_translations",
            OrganisationTranslationFormSet,
            _("In other languages"),
            _("Language"),
            _("Add a language"),
            _("The group's name and description in a language it works in."),
        ),
    )


@dataclass(frozen=True)
class BoundSection:
    section: RowsSection
    formset: RowFormSet


def sections_bind(
    sections, *, data, base: Snapshot, form_kwargs: dict | None = None
) -> list[BoundSection]:
    return [
        BoundSection(
            section=section,
            formset=section.formset_class(
                data,
                initial=base.get(section.key) or [],
                prefix=section.key,
                form_kwargs=(form_kwargs or {}).get(section.key, {}),
            ),
        )
        for section in sections
    ]


def sections_valid(bound: list[BoundSection]) -> bool:
    results = [b.formset.is_valid() for b in bound]
    return all(results)


def sections_snapshot(form, bound: list[BoundSection]) -> Snapshot:
    """The proposed snapshot, shaped and ordered like the snapshots services.snapshots
    takes of the record."""
    snapshot = form.snapshot()
    for b in bound:
        rows = b.formset.rows()
        snapshot[b.section.key] = sorted(rows, key=row_key) if b.section.sorted_rows else rows
    return snapshot


def sections_errors(bound: list[BoundSection]) -> list:
    found = []
    for b in bound:
        found += b.formset.forms_with_errors()
    return found


class CapacityForm(forms.Form):
    capacity_status = forms.ChoiceField(
        label=_("Is the group taking new people?"),
        choices=CapacityStatus.choices,
        widget=forms.RadioSelect,
    )
    waiting_list_weeks = forms.IntegerField(
        label=_("Waiting time in weeks"),
        required=False,
        min_value=1,
        max_value=104,
        help_text=_("Only for a waiting list."),
    )


class ReviewForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the group"),
        required=False,
        widget=forms.Textarea,
        help_text=_("Needed when you reject: say what to change."),
    )

    def clean(self):
        data = super().clean()
        if self.data.get("decision") == "reject" and not data.get("message", "").strip():
            self.add_error("message", _("Say why, so the group can put it right."))
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(
        label=_("Role"),
        choices=MembershipRole.choices,
        widget=forms.RadioSelect,
        initial=MembershipRole.MEMBER,
        help_text=_("Admins can also invite and remove people."),
    )


class ClaimForm(forms.Form):
    message = forms.CharField(
        label=_("How are you connected to the group?"),
        widget=forms.Textarea,
        max_length=2000,
        help_text=_("For example, 'I am the group's coordinator'. A curator will check."),
    )


class QueueCloseForm(forms.Form):
    note = forms.CharField(label=_("Note for other curators"), required=False)
