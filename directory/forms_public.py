"""Forms the public fills in without an account: "Suggest a group", "Report something
wrong" and "Send me these details". Kept apart from the workspace forms because every
string here is shown to the public and must be translated
(directory.catalogues.PUBLIC_SOURCES)."""

from __future__ import annotations

import hashlib
import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

# No account, so no CAPTCHA but a honeypot and a minimum fill time.
_STARTED_SALT = "directory.public-form-started"


class PublicForm(forms.Form):
    """``website_url`` is a honeypot: hidden from people (and screen readers), filled by
    bots. ``started`` is a signed timestamp: submissions quicker than a person could type
    are refused, with the form kept as it was. The referral forms use this too, with their
    own salt and minimum (``started_salt``, ``min_seconds_setting``)."""

    started_salt = _STARTED_SALT
    min_seconds_setting = "LISTINGS_PUBLIC_FORM_MIN_SECONDS"

    website_url = forms.CharField(label=_("Leave this empty"), required=False)
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.initial["started"] = signing.dumps(time.time(), salt=self.started_salt)

    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get("website_url"))

    def clean(self):
        data = super().clean()
        try:
            started = float(
                signing.loads(data.get("started") or "", salt=self.started_salt, max_age=86400)
            )
        except (signing.BadSignature, TypeError, ValueError):
            started = None
        minimum = getattr(settings, self.min_seconds_setting)
        if started is None or time.time() - started < minimum:
            raise forms.ValidationError(
                _("Please check your answers and send the form again."), code="too_fast"
            )
        return data

    @property
    def fresh_started(self) -> str:
        """A new start time for the form shown again, so a corrected form can be sent."""
        return self.initial["started"]


def _errors(required: str = "") -> dict:
    """Messages in this project's words (and catalogues) rather than Django's own."""
    errors = {
        "max_length": _("Keep this to %(limit_value)d characters or fewer."),
        "invalid": _("Enter an email address in the right format, like name@example.com"),
    }
    if required:
        errors["required"] = required
    return errors


class SuggestionForm(PublicForm):
    name = forms.CharField(
        label=_("Name of the group"),
        max_length=255,
        error_messages=_errors(_("Enter the name of the group")),
    )
    description = forms.CharField(
        label=_("What does the group do?"),
        widget=forms.Textarea,
        max_length=5000,
        error_messages=_errors(_("Say what the group does")),
    )
    area = forms.CharField(
        label=_("Town or area"), max_length=255, required=False, error_messages=_errors()
    )
    website = forms.CharField(
        label=_("Website or social media (optional)"),
        max_length=500,
        required=False,
        error_messages=_errors(),
    )
    contact_email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        help_text=_("Only if you are happy for a curator to ask you about it."),
        error_messages=_errors(),
    )

    field_order = ["name", "description", "area", "website", "contact_email"]


class ReportForm(PublicForm):
    message = forms.CharField(
        label=_("What is wrong?"),
        widget=forms.Textarea,
        max_length=5000,
        help_text=_("For example, the group has moved or meets on a different day."),
        error_messages=_errors(_("Tell us what is wrong")),
    )
    contact_email = forms.EmailField(
        label=_("Your email address (optional)"),
        required=False,
        help_text=_("Only if you are happy for a curator to ask you about it."),
        error_messages=_errors(),
    )

    field_order = ["message", "contact_email"]


# A UK mobile number with or without the country code, once spaces, dashes, dots and
# brackets are taken out: 07xxx xxxxxx, +44 7xxx xxxxxx, 0044 7xxx xxxxxx.
_UK_MOBILE = re.compile(r"^(?:\+44|0044|44|0)(7\d{9})$")


def uk_mobile_normalise(value: str) -> str | None:
    """``"07700 900 982"`` or ``"+44 (0)7700-900982"`` → ``"07700900982"``; None if not a
    UK mobile number."""
    # "+44 (0)7700…" is common on letterheads: the bracketed 0 goes with the brackets.
    compact = re.sub(r"[\s\-().]", "", value).replace("+440", "+44")
    match = _UK_MOBILE.match(compact)
    return f"0{match.group(1)}" if match else None


class SendDetailsForm(PublicForm):
    """A service's details by text message or email to the person asking. Only the field
    for the chosen way is checked; the other may hold anything and is ignored."""

    SMS = "sms"
    EMAIL = "email"

    channel = forms.ChoiceField(
        label=_("How do you want to get the details?"),
        choices=[(SMS, _("Text message")), (EMAIL, _("Email"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select text message or email"),
            "invalid_choice": _("Select text message or email"),
        },
    )
    phone = forms.CharField(
        label=_("UK mobile number"),
        help_text=_("For example, 07700 900 982"),
        max_length=30,
        required=False,
        error_messages=_errors(),
    )
    email = forms.CharField(
        label=_("Email address"),
        max_length=254,
        required=False,
        error_messages=_errors(),
    )

    field_order = ["channel", "phone", "email"]

    def clean(self):
        data = self.cleaned_data
        if data.get("channel") == self.SMS:
            self._clean_phone(data)
        elif data.get("channel") == self.EMAIL:
            self._clean_email(data)
        return super().clean()

    def _clean_phone(self, data: dict) -> None:
        typed = (data.get("phone") or "").strip()
        if not typed:
            self.add_error("phone", _("Enter a UK mobile number"))
            return
        number = uk_mobile_normalise(typed)
        if number is None:
            self.add_error(
                "phone", _("Enter a UK mobile number, like 07700 900 982 or +44 7700 900 982")
            )
            return
        data["contact"] = number

    def _clean_email(self, data: dict) -> None:
        typed = (data.get("email") or "").strip()
        if not typed:
            self.add_error("email", _("Enter your email address"))
            return
        try:
            validate_email(typed)
        except ValidationError:
            self.add_error(
                "email", _("Enter an email address in the right format, like name@example.com")
            )
            return
        data["contact"] = typed


def client_fingerprint(request) -> str:
    """A keyed hash of the client's address for rate limits; the address is never kept."""
    address = request.META.get("REMOTE_ADDR", "")
    return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
