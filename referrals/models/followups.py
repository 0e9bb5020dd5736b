"""Follow-ups: a record of each one the schedule handled, and the answers people give
through their one-tap links. Answers hold numbers and fixed choices, so insights can count
them in SQL; the only free text is encrypted."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from referrals.crypto import EncryptedTextField
from referrals.models.referral import Referral


class FollowUpKind(models.TextChoices):
    GROUP_REMINDER = "group_reminder", _("Reminder to the group")
    REFERRER_ALERT = "referrer_alert", _("Referrer told the group has not opened it")
    CHECKIN = "checkin", _("Have you been in touch?")
    EXPERIENCE = "experience", _("Experience and wellbeing questions")


class FollowUpState(models.TextChoices):
    SENT = "sent", _("Queued to send")
    SKIPPED = "skipped", _("Not sent")


class SkipReason(models.TextChoices):
    NO_CHANNEL = "no_channel", _("No way to reach them")
    TOO_LATE = "too_late", _("Found too long after it was due")


class FollowUp(models.Model):
    """One follow-up the schedule dealt with: queued (its messages are in the outbox under
    "referral:<id>:followup:<kind>…") or skipped. One per referral and kind, so a second
    run, or two at once, cannot send it twice. A check-in or experience follow-up carries
    the hash of its one-tap link's token."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="followups")
    kind = models.CharField(_("kind"), max_length=20, choices=FollowUpKind.choices)
    state = models.CharField(_("state"), max_length=10, choices=FollowUpState.choices)
    skip_reason = models.CharField(
        _("why not sent"), max_length=20, choices=SkipReason.choices, blank=True
    )
    due_at = models.DateTimeField(_("due at"))
    handled_at = models.DateTimeField(_("handled at"))
    token_hash = models.CharField(max_length=64, unique=True, null=True, editable=False)
    link_expires_at = models.DateTimeField(_("link works until"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["handled_at"]
        verbose_name = _("follow-up")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "kind"], name="referrals_followup_one_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=FollowUpKind.values), name="referrals_followup_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.kind} ({self.state})"


class CheckinAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes, we have been in touch")
        NOT_YET = "not_yet", _("Not yet")
        HELP = "help", _("I need help")

    followup = models.OneToOneField(
        FollowUp, on_delete=models.CASCADE, related_name="checkin_answer"
    )
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="checkin_answers")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("check-in answer")
        constraints = [
            models.CheckConstraint(
                condition=Q(answer__in=["yes", "not_yet", "help"]),
                name="referrals_checkinanswer_answer_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.answer}"


class WellbeingWhen(models.TextChoices):
    REFERRAL = "referral", _("At referral")
    EIGHT_WEEKS = "8_weeks", _("Eight weeks after the first meeting")


def _score_field(label):
    # Empty when not answered or "prefer not to say".
    return models.PositiveSmallIntegerField(
        label, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )


class WellbeingAnswer(models.Model):
    """The ONS4 personal wellbeing questions, each 0 to 10, asked at referral (if the
    person agrees) and eight weeks after the first meeting."""

    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="wellbeing_answers"
    )
    when = models.CharField(_("when"), max_length=10, choices=WellbeingWhen.choices)
    life_satisfaction = _score_field(_("life satisfaction"))
    worthwhile = _score_field(_("things done are worthwhile"))
    happiness = _score_field(_("happiness yesterday"))
    anxiety = _score_field(_("anxiety yesterday"))
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("wellbeing answer")
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "when"], name="referrals_wellbeing_one_per_when"
            ),
            models.CheckConstraint(
                condition=Q(when__in=["referral", "8_weeks"]),
                name="referrals_wellbeing_when_valid",
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lte": 10}),
                    name=f"referrals_wellbeing_{name}_0_10",
                )
                for name in ("life_satisfaction", "worthwhile", "happiness", "anxiety")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: wellbeing at {self.when}"


class ExperienceAnswer(models.Model):
    class Rating(models.IntegerChoices):
        # The Friends and Family Test scale, best first.
        VERY_GOOD = 5, _("Very good")
        GOOD = 4, _("Good")
        NEITHER = 3, _("Neither good nor poor")
        POOR = 2, _("Poor")
        VERY_POOR = 1, _("Very poor")

    followup = models.OneToOneField(
        FollowUp,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="experience_answer",
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="experience_answers"
    )
    # Empty when not answered or "prefer not to say".
    rating = models.PositiveSmallIntegerField(
        _("experience"), null=True, blank=True, choices=Rating.choices
    )
    text = EncryptedTextField(_("in their words"), blank=True, max_chars=1000)
    answered_at = models.DateTimeField(_("answered at"))

    class Meta:
        verbose_name = _("experience answer")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="referrals_experience_rating_1_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: experience {self.rating}"
