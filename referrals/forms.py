"""Referral forms. They only collect and tidy what people type; every rule (routes,
consent, what each contact method needs, eligibility, rate limits) is the services'
(referrals/services/), whose refusals the views show on the form."""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from directory.forms_public import PublicForm
from directory.models import Gender
from referrals.models import (
    HELP_WANTED_MAX_CHARS,
    ConsentMethod,
    ConsentPurpose,
    ContactMethod,
    DeclineReason,
    Outcome,
    Route,
)
from referrals.services import (
    CONSENT_WORDING_CURRENT,
    CONSENT_WORDINGS,
    ConsentGiven,
    PeerReferrer,
    PersonDetails,
)

_STARTED_SALT = "referrals.form-started"
_YES_NO = [("yes", _("Yes")), ("no", _("No"))]


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def consent_wording() -> str:
    return str(
        CONSENT_WORDINGS[ConsentPurpose.SHARE_WITH_GROUP][
            CONSENT_WORDING_CURRENT[ConsentPurpose.SHARE_WITH_GROUP]
        ]
    )


class SpamGuardMixin(PublicForm):
    """No CAPTCHA: ``website_url`` is a honeypot hidden from people and screen readers,
    and ``started`` a signed time, so a form sent quicker than a person could fill it in
    is shown again (with everything typed kept). The directory's public forms do the same."""

    started_salt = _STARTED_SALT
    min_seconds_setting = "REFERRALS_FORM_MIN_SECONDS"


def _language_choices() -> list[tuple[str, str]]:
    # Each language named in its own script (settings.LANGUAGES).
    return [(code, name) for code, name in settings.LANGUAGES]


class PersonForm(forms.Form):
    """The details the group needs to make contact safely. ``about`` is "you" (self
    route) or "them" (someone else), and only changes the wording."""

    name = forms.CharField(label=_("Name, or what they would like to be called"), max_length=200)
    pronouns = forms.CharField(
        label=_("Pronouns (optional)"),
        max_length=50,
        required=False,
        help_text=_("For example, she/her, he/him or they/them."),
    )
    contact_methods = forms.MultipleChoiceField(
        label=_("How can the group contact them?"),
        choices=ContactMethod.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that are safe. An email address is not needed."),
        error_messages={"required": _("Choose at least one way to contact the person.")},
    )
    phone = forms.CharField(
        label=_("Phone number (for calls or texts)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("Email address (only for email)"),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    address = forms.CharField(
        label=_("Postal address (only for letters)"),
        max_length=500,
        required=False,
        widget=forms.Textarea,
    )
    postcode = forms.CharField(
        label=_("Postcode (only for letters)"), max_length=10, required=False
    )
    safe_times = forms.CharField(
        label=_("When is it safe to contact them? (optional)"),
        max_length=200,
        required=False,
        help_text=_("For example, weekdays after 6pm."),
    )
    ok_to_leave_message = forms.ChoiceField(
        label=_("Is it safe to leave a message?"),
        choices=_YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    ok_to_say_who_is_calling = forms.ChoiceField(
        label=_("Is it safe to say who is calling?"),
        choices=_YES_NO,
        widget=forms.RadioSelect,
        required=False,
    )
    preferred_language = forms.CharField(
        label=_("Preferred language (optional)"), max_length=100, required=False
    )
    message_language = forms.ChoiceField(
        label=_("Language for the texts, emails and letters we send"),
        choices=(),
        required=False,
    )
    interpreter = forms.CharField(
        label=_("Interpreter needed (optional)"),
        max_length=100,
        required=False,
        help_text=_("For example, British Sign Language (BSL) or Punjabi. Leave empty if none."),
    )
    access_needs = forms.CharField(
        label=_("Access needs (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
        help_text=_("For example, step-free access or a quiet room."),
    )
    help_wanted = forms.CharField(
        label=_("What would they like help with? (optional)"),
        max_length=HELP_WANTED_MAX_CHARS,
        required=False,
        widget=forms.Textarea,
        help_text=_("You can use up to %(limit)d characters.") % {"limit": HELP_WANTED_MAX_CHARS},
    )
    age = forms.IntegerField(
        label=_("Age (optional)"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("Only used to check who the group is for."),
    )
    gender = forms.ChoiceField(
        label=_("Gender (optional)"),
        choices=[("", _("Prefer not to say")), *Gender.choices],
        required=False,
        help_text=_("Only used to check who the group is for."),
    )
    local_area = forms.CharField(
        label=_("Town or council area (optional)"),
        max_length=100,
        required=False,
        help_text=_("Only used to check the group covers where they live."),
    )
    updates_to_person = forms.BooleanField(
        label=_("Send them updates about this referral too"),
        required=False,
        help_text=_("Using the contact details above."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Messages go out in the language of the page the referral was made on, unless
        # the person chooses another.
        self.fields["message_language"].choices = _language_choices()
        self.fields["message_language"].initial = translation.get_language() or "en"

    def person(self) -> PersonDetails:
        data = self.cleaned_data
        return PersonDetails(
            name=data["name"],
            contact_methods=tuple(data["contact_methods"]),
            pronouns=data["pronouns"],
            phone=data["phone"],
            email=data["email"],
            address_lines=tuple(data["address"].splitlines()),
            postcode=data["postcode"],
            safe_times=data["safe_times"],
            ok_to_leave_message=_yes_no(data["ok_to_leave_message"]),
            ok_to_say_who_is_calling=_yes_no(data["ok_to_say_who_is_calling"]),
            preferred_language=data["preferred_language"],
            interpreter=data["interpreter"],
            access_needs=data["access_needs"],
            help_wanted=data["help_wanted"],
            age=data["age"],
            gender=data["gender"],
            local_area=data["local_area"],
            updates_to_person=data["updates_to_person"],
            message_language=data.get("message_language") or "",
        )


class ConsentMixin(forms.Form):
    """Consent is its own question, never bundled with anything else. The wording shown
    is the current version, and that version is what is recorded."""

    consent = forms.BooleanField(
        label=_("I agree"),
        required=True,
        error_messages={
            "required": _(
                "We can only send the referral if the person agrees to their details being "
                "shared with this group."
            )
        },
    )
    consent_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["consent_version"] = CONSENT_WORDING_CURRENT[ConsentPurpose.SHARE_WITH_GROUP]

    def consent_given(self, method: str) -> ConsentGiven:
        version = self.cleaned_data.get("consent_version") or self.initial["consent_version"]
        return ConsentGiven(
            share_with_group=bool(self.cleaned_data.get("consent")),
            method=method,
            wording_version=version,
        )


class SelfReferralForm(SpamGuardMixin, ConsentMixin, PersonForm):
    route = Route.SELF

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        f = self.fields
        f["name"].label = _("Your name, or what you would like to be called")
        f["contact_methods"].label = _("How can the group contact you?")
        f["contact_methods"].choices = [
            c for c in ContactMethod.choices if c[0] != ContactMethod.THROUGH_REFERRER
        ]
        f["safe_times"].label = _("When is it safe to contact you? (optional)")
        f["help_wanted"].label = _("What would you like help with? (optional)")
        f["local_area"].help_text = _("Only used to check the group covers where you live.")
        f["updates_to_person"].label = _("Send me updates when the referral changes")
        f["consent"].error_messages["required"] = _(
            "We can only send your referral if you agree to your details being shared with "
            "this group."
        )


class PeerReferralForm(SpamGuardMixin, PersonForm):
    """No consent here: the friend cannot give it. The person confirms through their own
    link, so a mobile number or email address for them is needed."""

    route = Route.PEER

    referrer_name = forms.CharField(label=_("Your name"), max_length=200)
    referrer_phone = forms.CharField(
        label=_("Your phone number"),
        max_length=30,
        required=False,
        help_text=_(
            "We send you a private link to follow the referral. Give a phone number "
            "or an email address."
        ),
    )
    referrer_email = forms.EmailField(label=_("Your email address"), required=False)

    field_order = ["referrer_name", "referrer_phone", "referrer_email"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contact_methods"].help_text = _(
            "Your friend confirms by a private link we send by text message or email, so "
            "choose at least one of those."
        )

    def referrer(self) -> PeerReferrer:
        data = self.cleaned_data
        return PeerReferrer(
            name=data["referrer_name"], phone=data["referrer_phone"], email=data["referrer_email"]
        )


class ProfessionalReferralForm(ConsentMixin, PersonForm):
    route = Route.PROFESSIONAL

    consent_method = forms.ChoiceField(
        label=_("How did the person give consent?"),
        choices=[
            (ConsentMethod.VERBAL_TO_PROFESSIONAL, ConsentMethod.VERBAL_TO_PROFESSIONAL.label),
            (ConsentMethod.WRITTEN_TO_PROFESSIONAL, ConsentMethod.WRITTEN_TO_PROFESSIONAL.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Say how the person gave their consent.")},
    )
    eligibility_reason = forms.CharField(
        label=_("Why refer them anyway? (only if the service may not be right for them)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _("The person agrees to this")


class ConfirmForm(ConsentMixin, forms.Form):
    """The person a friend referred, on their private link."""

    updates_to_person = forms.BooleanField(
        label=_("Send me updates when the referral changes"), required=False
    )


class _PageForm(forms.Form):
    """The referral page holds several small forms: each gets its own id prefix so no two
    fields share an id."""

    id_prefix = ""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", f"{self.id_prefix}-%s")
        super().__init__(*args, **kwargs)


class NoteForm(_PageForm):
    id_prefix = "note"
    text = forms.CharField(
        label=_("Add an internal note"),
        max_length=2000,
        widget=forms.Textarea,
        help_text=_("Only your group can see notes. The referrer never sees them."),
        error_messages={"required": _("Write the note first.")},
    )


class MoveNoteForm(_PageForm):
    id_prefix = "move"
    note = forms.CharField(label=_("Note (optional)"), max_length=1000, required=False)


class DeclineForm(_PageForm):
    id_prefix = "decline"
    reason = forms.ChoiceField(
        label=_("Why are you declining?"),
        choices=DeclineReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason for declining.")},
    )
    text = forms.CharField(
        label=_("More about why (needed for 'Other')"),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )


class CloseForm(_PageForm):
    id_prefix = "close"
    outcome = forms.ChoiceField(
        label=_("What was the outcome?"),
        choices=[c for c in Outcome.choices if c[0] != Outcome.REROUTED],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an outcome.")},
    )
    text = forms.CharField(
        label=_("More about the outcome (needed for 'Other')"),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )


class RerouteForm(ConsentMixin, _PageForm):
    id_prefix = "reroute"
    service = forms.CharField(
        label=_("Service to send it to instead"),
        max_length=300,
        help_text=_("Paste the address of the service's page, or its id."),
        error_messages={"required": _("Give the address of the service's page.")},
    )
    consent_method = ProfessionalReferralForm.base_fields["consent_method"]
    eligibility_reason = forms.CharField(
        label=_("Why refer them anyway? (only if the service may not be right for them)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = _("The person agrees to their details going to this service")

    def clean_service(self) -> uuid.UUID:
        text = self.cleaned_data["service"].strip().rstrip("/")
        try:
            return uuid.UUID(text.rsplit("/", 1)[-1])
        except ValueError:
            raise forms.ValidationError(
                _("Give the address of the service's page, or its id.")
            ) from None


class WithdrawForm(_PageForm):
    id_prefix = "withdraw"
    confirm = forms.BooleanField(
        label=_("Yes, withdraw this referral"),
        error_messages={"required": _("Tick the box to confirm you want to withdraw.")},
    )
