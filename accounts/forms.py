from __future__ import annotations

import copy

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _


def _text(label: str, autocomplete: str = "", **kwargs) -> forms.CharField:
    attrs = {"autocomplete": autocomplete} if autocomplete else {}
    return forms.CharField(label=label, widget=forms.TextInput(attrs=attrs), **kwargs)


def _password(label: str, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
        error_messages={"required": _("Enter your password")},
    )


class SignInForm(forms.Form):
    username = _text(
        _("Email address or username"),
        "username",
        max_length=254,
        error_messages={"required": _("Enter your email address or username")},
    )
    password = _password(_("Password"), "current-password")


class CodeForm(forms.Form):
    code = _text(
        _("Code"),
        "one-time-code",
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your recovery codes."),
        error_messages={"required": _("Enter the code")},
    )


class SetUpCodeForm(forms.Form):
    code = _text(
        _("Code from the app"),
        "one-time-code",
        max_length=16,
        help_text=_("The 6-digit code the app shows for this service."),
        error_messages={"required": _("Enter the 6-digit code from the app")},
    )


class ReauthForm(forms.Form):
    password = _password(_("Password"), "current-password")

    def __init__(self, *args, with_code: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if with_code:
            self.fields["code"] = copy.deepcopy(CodeForm.base_fields["code"])


class _NewPasswordFields(forms.Form):
    new_password1 = _password(_("New password"), "new-password")
    new_password2 = _password(_("Confirm new password"), "new-password")

    def clean_new_password2(self) -> str:
        one = self.cleaned_data.get("new_password1")
        two = self.cleaned_data.get("new_password2")
        if one and two and one != two:
            raise forms.ValidationError(_("The passwords do not match"))
        return two


class ProfessionalSignUpForm(_NewPasswordFields):
    display_name = _text(
        _("Full name"),
        "name",
        max_length=150,
        error_messages={"required": _("Enter your full name")},
    )
    email = forms.EmailField(
        label=_("Work email address"),
        help_text=_(
            "We will send a link to this address. Use your work address, not a personal one."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your work email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )
    job_title = _text(
        _("Job title"),
        "organization-title",
        max_length=150,
        error_messages={"required": _("Enter your job title")},
    )
    employer = _text(
        _("Employer"),
        "organization",
        max_length=200,
        help_text=_("For example, Wigan Council or Bridgewater NHS Trust."),
        error_messages={"required": _("Enter your employer")},
    )

    field_order = [
        *("display_name", "email", "job_title", "employer"),
        *("new_password1", "new_password2"),
    ]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Create a password")
        self.fields["new_password1"].help_text = _(
            "At least 12 characters. Avoid common words and your name."
        )

    def clean(self) -> dict:
        data = super().clean()
        password = data.get("new_password1")
        if password and not self.has_error("new_password2"):
            from accounts.models import User

            probe = User(
                username=data.get("email", ""),
                email=data.get("email", ""),
                display_name=data.get("display_name", ""),
            )
            try:
                password_validation.validate_password(password, probe)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data


class SetPasswordForm(_NewPasswordFields):
    def __init__(self, user, *args, **kwargs) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        password = data.get("new_password1")
        if password and not self.has_error("new_password2"):
            try:
                password_validation.validate_password(password, self.user)
            except forms.ValidationError as error:
                self.add_error("new_password1", error)
        return data


class EmailChangeForm(forms.Form):
    email = forms.EmailField(
        label=_("New email address"),
        help_text=_(
            "We will send a link to the new address. The change happens when you follow it."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter your new email address"),
            "invalid": _("Enter an email address in the correct format, like name@example.org"),
        },
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for not approving"),
        help_text=_("We will email this to the person."),
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": _("Enter a reason, so the person knows what to do next")},
    )


class AllowedDomainForm(forms.Form):
    domain = _text(
        _("Email domain"),
        max_length=253,
        help_text=_("For example, wigan.gov.uk. Its subdomains are included."),
        error_messages={"required": _("Enter a domain")},
    )
    note = _text(_("Note (optional)"), max_length=200, required=False)
