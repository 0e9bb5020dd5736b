"""The form that creates an API token (organisation's or professional's)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.models import ApiTokenScope
from referrals.services.tokens import NAME_MAX_LENGTH


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What will use this token?"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("For example, the name of your case-management system."),
        error_messages={"required": _("Say what will use this token.")},
    )
    scope = forms.ChoiceField(
        label=_("What may it do?"),
        choices=ApiTokenScope.choices,
        widget=forms.RadioSelect,
        initial=ApiTokenScope.READ,
        error_messages={"required": _("Choose what the token may do.")},
    )
