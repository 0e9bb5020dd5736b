"""Forms for group workspaces, curators and the public. They validate and shape data;
the services in directory/services/ do the writing."""

from __future__ import annotations

import hashlib
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from directory.models import (
    AccessMode,
    CapacityStatus,
    Gender,
    LedBy,
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
    ADDRESS_KEYS,
    LOCATION_KEYS,
    ORGANISATION_FIELDS,
    SERVICE_FIELDS,
    Snapshot,
    row_key,
)

# --- Listing edits --------------------------------------------------------------------


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
    opens_at = forms.TimeField(label=_("Starts at"), required=False, help_text=_("e.g. 18:30"))
    closes_at = forms.TimeField(label=_("Ends at"), required=False, help_text=_("e.g. 20:00"))
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
        return data

    def row(self) -> dict:
        data = self.cleaned_data
        return {
            "freq": data["freq"],
            "interval": data["interval"],
            "byday": data["byday"],
            "opens_at": data["opens_at"].strftime("%H:%M") if data["opens_at"] else "",
            "closes_at": data["closes_at"].strftime("%H:%M") if data["closes_at"] else "",
            "description": data["description"],
            "notes": data["notes"],
        }


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


class LocationForm(forms.Form):
    id = forms.CharField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("Name of the place"), max_length=255, required=False)
    address_1 = forms.CharField(label=_("Address line 1"), max_length=255)
    address_2 = forms.CharField(label=_("Address line 2"), max_length=255, required=False)
    city = forms.CharField(label=_("Town or city"), max_length=100)
    state_province = forms.CharField(label=_("County"), max_length=100)
    postal_code = forms.CharField(label=_("Postcode"), max_length=10)
    description = forms.CharField(label=_("How to find it"), required=False, widget=forms.Textarea)
    transportation = forms.CharField(
        label=_("Public transport"), required=False, widget=forms.Textarea
    )

    def clean_postal_code(self) -> str:
        from directory.postcodes import PostcodeError, normalise_postcode

        try:
            return normalise_postcode(self.cleaned_data["postal_code"])
        except PostcodeError as error:
            raise forms.ValidationError(str(error)) from error

    def row(self) -> dict:
        return {
            "id": self.cleaned_data["id"],
            **{k: self.cleaned_data[k] for k in (*LOCATION_KEYS, *ADDRESS_KEYS)},
        }


ScheduleFormSet = forms.formset_factory(ScheduleForm, extra=1, can_delete=True)
LanguageFormSet = forms.formset_factory(LanguageForm, extra=1, can_delete=True)
LocationFormSet = forms.formset_factory(LocationForm, extra=1, can_delete=True)


def formset_rows(formset) -> list[dict]:
    rows = [
        form.row()
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    return rows


def service_edit_snapshot(form, schedules, languages, locations) -> Snapshot:
    """The proposed snapshot, shaped and ordered like services.snapshots.service_snapshot."""
    snapshot = form.snapshot()
    snapshot["schedules"] = sorted(formset_rows(schedules), key=row_key)
    snapshot["languages"] = sorted(formset_rows(languages), key=row_key)
    snapshot["locations"] = formset_rows(locations)
    return snapshot


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


# --- Public forms: no account, so no CAPTCHA but a honeypot and a minimum fill time ---------

_STARTED_SALT = "directory.public-form-started"


class PublicForm(forms.Form):
    """``website_url`` is a honeypot: hidden from people (and screen readers), filled by
    bots. ``started`` is a signed timestamp: submissions quicker than a person could type
    are refused, with the form kept as it was."""

    website_url = forms.CharField(label=_("Leave this empty"), required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["started"] = signing.dumps(time.time(), salt=_STARTED_SALT)

    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get("website_url"))

    def clean(self):
        data = super().clean()
        try:
            started = float(
                signing.loads(data.get("started") or "", salt=_STARTED_SALT, max_age=86400)
            )
        except (signing.BadSignature, TypeError, ValueError):
            started = None
        if started is None or time.time() - started < settings.LISTINGS_PUBLIC_FORM_MIN_SECONDS:
            raise forms.ValidationError(
                _("Please check your answers and send the form again."), code="too_fast"
            )
        return data

    @property
    def fresh_started(self) -> str:
        """A new start time for the form shown again, so a corrected form can be sent."""
        return self.initial["started"]


class SuggestionForm(PublicForm):
    name = forms.CharField(label=_("Name of the group"), max_length=255)
    description = forms.CharField(
        label=_("What does the group do?"), widget=forms.Textarea, max_length=5000
    )
    area = forms.CharField(label=_("Town or area"), max_length=255, required=False)
    website = forms.CharField(
        label=_("Website or social media (optional)"), max_length=500, required=False
    )
    contact_email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        help_text=_("Only if you are happy for a curator to ask you about it."),
    )

    field_order = ["name", "description", "area", "website", "contact_email"]


class ReportForm(PublicForm):
    message = forms.CharField(
        label=_("What is wrong?"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=_("For example, the group has moved or meets on a different day."),
    )
    contact_email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        help_text=_("Only if you are happy for a curator to ask you about it."),
    )

    field_order = ["message", "contact_email"]


def client_fingerprint(request) -> str:
    """A keyed hash of the client's address for rate limits; the address is never kept."""
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
