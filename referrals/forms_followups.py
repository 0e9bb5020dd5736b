"""The one-tap follow-up forms: "Have you been in touch?", and the experience question with
the ONS4 personal wellbeing questions (ONS wording; every question optional)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from referrals.models import CheckinAnswer, ExperienceAnswer

PREFER_NOT = "prefer_not"

# The answers as they appear in link paths (/f/<token>/not-yet/).
ANSWER_SLUGS = {"yes": "yes", "not-yet": "not_yet", "help": "help"}


class CheckinForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Have you been in touch?"),
        choices=CheckinAnswer.Answer.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose an answer.")},
    )


SCORE_CHOICES = [(str(n), str(n)) for n in range(11)] + [(PREFER_NOT, _("Prefer not to say"))]

# The ONS4 questions as the Office for National Statistics words them, and the ends of
# each scale.
ONS4 = {
    "life_satisfaction": (
        _("Overall, how satisfied are you with your life nowadays?"),
        _("0 is “not at all satisfied” and 10 is “completely satisfied”."),
    ),
    "worthwhile": (
        _(
            "Overall, to what extent do you feel that the things you do in your life are "
            "worthwhile?"
        ),
        _("0 is “not at all worthwhile” and 10 is “completely worthwhile”."),
    ),
    "happiness": (
        _("Overall, how happy did you feel yesterday?"),
        _("0 is “not at all happy” and 10 is “completely happy”."),
    ),
    "anxiety": (
        _(
            "On a scale where 0 is “not at all anxious” and 10 is “completely anxious”, "
            "overall, how anxious did you feel yesterday?"
        ),
        _("0 is “not at all anxious” and 10 is “completely anxious”."),
    ),
}


def _optional(value: str) -> int | None:
    return None if value in ("", PREFER_NOT) else int(value)


class ExperienceForm(forms.Form):
    rating = forms.ChoiceField(
        label=_("Overall, how has it been going with the group?"),
        choices=[(str(value), label) for value, label in ExperienceAnswer.Rating.choices]
        + [(PREFER_NOT, _("Prefer not to say"))],
        widget=forms.RadioSelect,
        required=False,
    )
    text = forms.CharField(
        label=_("Is there anything you would like to tell us? (optional)"),
        help_text=_("Please do not include anything that would identify you or anyone else."),
        widget=forms.Textarea,
        required=False,
        max_length=1000,
        error_messages={"max_length": _("Write 1,000 characters or fewer.")},
    )
    life_satisfaction = forms.ChoiceField(choices=SCORE_CHOICES, required=False)
    worthwhile = forms.ChoiceField(choices=SCORE_CHOICES, required=False)
    happiness = forms.ChoiceField(choices=SCORE_CHOICES, required=False)
    anxiety = forms.ChoiceField(choices=SCORE_CHOICES, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, (label, hint) in ONS4.items():
            self.fields[name].label = label
            self.fields[name].help_text = hint
            self.fields[name].error_messages["invalid_choice"] = _(
                "Choose a number from 0 to 10, or prefer not to say."
            )

    def wellbeing_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ONS4]

    def answers(self) -> dict[str, object]:
        """The cleaned answers as experience_answer_record takes them."""
        data = self.cleaned_data
        return {
            "rating": _optional(data["rating"]),
            "text": data["text"],
            **{name: _optional(data[name]) for name in ONS4},
        }
