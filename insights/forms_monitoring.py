"""The equality and wellbeing questions: every one optional, every one with "Prefer not
to say"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from insights import choices as ch
from referrals.models import ConsentMethod

QUESTIONS = (
    "ethnic_group",
    "sex",
    "gender_same_as_birth",
    "sexual_orientation",
    "disability",
    "religion",
    "main_language",
)
WELLBEING = ("life_satisfaction", "worthwhile", "happiness", "anxiety")
SCORE_CHOICES = [("", _("Choose a number")), *((str(n), str(n)) for n in range(11))] + [
    (ch.PREFER_NOT, ch.PREFER_NOT_LABEL)
]


def _radios(label, choices, hint=""):
    return forms.ChoiceField(
        label=label, choices=choices, required=False, widget=forms.RadioSelect, help_text=hint
    )


def ethnic_groups_by_heading() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(heading code, heading label, [(group code, label)]) in census order."""
    headings = []
    for heading in ch.EthnicHeading:
        if heading.value == ch.PREFER_NOT:
            continue
        groups = [
            (g.value, g.label)
            for g in ch.EthnicGroup
            if ch.EthnicGroup.heading_of(g.value) == heading.value
        ]
        headings.append((heading.value, heading.label, groups))
    return headings


class EqualityForm(forms.Form):
    agree = forms.BooleanField(
        label=_(
            "I agree that my answers to the equality questions are used, without my name, to "
            "check that groups reach everyone who needs them. This is optional."
        ),
        required=False,
    )
    ethnic_group = _radios(_("What is your ethnic group?"), ch.EthnicGroup.choices)
    sex = _radios(
        _("What is your sex?"),
        ch.Sex.choices,
        _("This is about the sex you were registered with at birth."),
    )
    gender_same_as_birth = _radios(
        _("Is the gender you identify with the same as your sex registered at birth?"),
        ch.YesNo.choices,
    )
    sexual_orientation = _radios(
        _("Which of these best describes your sexual orientation?"),
        ch.SexualOrientation.choices,
    )
    disability = _radios(
        _("Do you consider yourself to be disabled?"),
        ch.YesNo.choices,
        _(
            "The Equality Act 2010 says you are disabled if you have a physical or mental "
            "condition that has a substantial and long-term effect on your ability to do "
            "normal day-to-day activities. Long-term means 12 months or more."
        ),
    )
    religion = _radios(_("What is your religion or belief?"), ch.Religion.choices)
    main_language = _radios(_("What is your main language?"), ch.MainLanguage.choices)

    wellbeing_agree = forms.BooleanField(
        label=_("I would also like to answer four questions about how I feel"),
        required=False,
        help_text=_(
            "We ask the same questions again eight weeks after your first session, to see "
            "whether the group helped."
        ),
    )
    life_satisfaction = forms.ChoiceField(
        label=_("Overall, how satisfied are you with your life nowadays?"),
        choices=SCORE_CHOICES,
        required=False,
        help_text=_("0 is not at all, 10 is completely."),
    )
    worthwhile = forms.ChoiceField(
        label=_(
            "Overall, to what extent do you feel the things you do in your life are worthwhile?"
        ),
        choices=SCORE_CHOICES,
        required=False,
        help_text=_("0 is not at all, 10 is completely."),
    )
    happiness = forms.ChoiceField(
        label=_("Overall, how happy did you feel yesterday?"),
        choices=SCORE_CHOICES,
        required=False,
        help_text=_("0 is not at all, 10 is completely."),
    )
    anxiety = forms.ChoiceField(
        label=_("Overall, how anxious did you feel yesterday?"),
        choices=SCORE_CHOICES,
        required=False,
        help_text=_("0 is not at all, 10 is completely."),
    )

    def __init__(self, *args, professional: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if professional:
            self.fields["agree"].label = _(
                "The person agrees that their answers to the equality questions are used, "
                "without their name, to check that groups reach everyone who needs them."
            )
            self.fields["consent_method"] = forms.ChoiceField(
                label=_("How did they agree?"),
                choices=[
                    (
                        ConsentMethod.VERBAL_TO_PROFESSIONAL.value,
                        ConsentMethod.VERBAL_TO_PROFESSIONAL.label,
                    ),
                    (
                        ConsentMethod.WRITTEN_TO_PROFESSIONAL.value,
                        ConsentMethod.WRITTEN_TO_PROFESSIONAL.label,
                    ),
                ],
                required=False,
                widget=forms.RadioSelect,
            )
            self.fields["wellbeing_agree"].label = _(
                "The person would also like to answer four questions about how they feel"
            )

    def clean(self):
        data = super().clean()
        answered = any(data.get(name) for name in QUESTIONS)
        if answered and not data.get("agree"):
            self.add_error(
                "agree",
                _(
                    "Tick the box to agree to your answers being used, or leave the "
                    "questions blank."
                ),
            )
        if "consent_method" in self.fields and data.get("agree") and not data.get("consent_method"):
            self.add_error("consent_method", _("Say how the person agreed."))
        scored = any(data.get(name) for name in WELLBEING)
        if scored and not data.get("wellbeing_agree"):
            self.add_error(
                "wellbeing_agree",
                _("Tick the box to answer the questions about how you feel, or leave them blank."),
            )
        if not data.get("agree") and not data.get("wellbeing_agree") and not self.errors:
            raise forms.ValidationError(
                _("Tick at least one box to answer, or go back without answering.")
            )
        return data

    def answers(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in QUESTIONS}

    def scores(self) -> dict[str, int | None]:
        def score(value):
            return int(value) if value not in ("", None, ch.PREFER_NOT) else None

        return {name: score(self.cleaned_data.get(name)) for name in WELLBEING}


class WithdrawEqualityForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, remove my answers to the equality questions"),
        error_messages={"required": _("Tick the box to confirm.")},
    )
