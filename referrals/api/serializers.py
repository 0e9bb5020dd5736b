"""Shapes of /api/v1/ requests and responses. Serializers only check shapes and lengths
(the same limits as the referral forms) and build the services' arguments; every rule
about referrals is the services'."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from directory.models import Gender
from referrals.models import (
    HELP_WANTED_MAX_CHARS,
    ActorRole,
    ApiTokenScope,
    ConsentMethod,
    ConsentPurpose,
    ContactMethod,
    DeclineReason,
    Mismatch,
    Outcome,
    Referral,
    Route,
    Status,
)
from referrals.services import CONSENT_WORDING_CURRENT, CONSENT_WORDINGS, ConsentGiven
from referrals.services.consent import PROFESSIONAL_METHODS
from referrals.services.create import PersonDetails

NOTE_MAX_CHARS = 2000
SHARE = ConsentPurpose.SHARE_WITH_GROUP
EQUALITY = ConsentPurpose.EQUALITY_MONITORING


def _text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


# --- Errors --------------------------------------------------------------------------


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in plain words."))
    code = serializers.CharField(help_text=_("A stable code for programs to branch on."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Field errors, by field (request validation only)."),
    )


# --- Creating a referral -------------------------------------------------------------


class PersonInSerializer(serializers.Serializer):
    name = serializers.CharField(
        max_length=200, help_text=_("Name, or what they would like to be called.")
    )
    pronouns = _text(50)
    contact_methods = serializers.ListField(
        child=serializers.ChoiceField(choices=ContactMethod.choices),
        min_length=1,
        max_length=len(ContactMethod.choices),
        help_text=_("Every way that is safe. Each needs its detail (phone, email or address)."),
    )
    phone = _text(30)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    address_lines = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, max_length=6
    )
    postcode = _text(10)
    safe_times = _text(200)
    ok_to_leave_message = serializers.BooleanField(required=False, allow_null=True, default=None)
    ok_to_say_who_is_calling = serializers.BooleanField(
        required=False, allow_null=True, default=None
    )
    preferred_language = _text(100)
    interpreter = _text(100)
    access_needs = _text(1000)
    help_wanted = _text(HELP_WANTED_MAX_CHARS)
    age = serializers.IntegerField(
        min_value=0, max_value=120, required=False, allow_null=True, default=None
    )
    gender = serializers.ChoiceField(
        choices=Gender.choices, required=False, allow_blank=True, default=""
    )
    local_area = _text(100)
    updates_to_person = serializers.BooleanField(required=False, default=False)
    message_language = serializers.ChoiceField(
        choices=[code for code, _name in settings.LANGUAGES],
        required=False,
        default="en",
        help_text=_("Language of the messages sent to the person."),
    )


class ConsentInSerializer(serializers.Serializer):
    share_with_group = serializers.BooleanField(
        help_text=_("The person agreed to their details being shared with this group.")
    )
    method = serializers.ChoiceField(
        choices=[(m, ConsentMethod(m).label) for m in PROFESSIONAL_METHODS],
        help_text=_("How the person gave their consent to you."),
    )
    wording_version = serializers.ChoiceField(
        choices=sorted(CONSENT_WORDINGS[SHARE]),
        required=False,
        default=CONSENT_WORDING_CURRENT[SHARE],
        help_text=_("The consent wording the person agreed to."),
    )
    equality_monitoring = serializers.BooleanField(required=False, default=False)


def person_details(validated: dict) -> PersonDetails:
    data = dict(validated)
    data["contact_methods"] = tuple(data["contact_methods"])
    data["address_lines"] = tuple(data["address_lines"])
    return PersonDetails(**data)


def consent_given(validated: dict) -> ConsentGiven:
    return ConsentGiven(**validated)


class ReferralCreateSerializer(serializers.Serializer):
    service = serializers.UUIDField(help_text=_("The service's id (as in /oruk/services)."))
    person = PersonInSerializer()
    consent = ConsentInSerializer()
    eligibility_reason = _text(
        1000,
        help_text=_(
            "Why the referral should go ahead although the person seems outside who the "
            "service is for. Needed only then."
        ),
    )


# --- Moves and notes -----------------------------------------------------------------


class NoteOptionalSerializer(serializers.Serializer):
    note = _text(NOTE_MAX_CHARS, help_text=_("Recorded with the move; only the group sees it."))


class DeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    text = _text(NOTE_MAX_CHARS, help_text=_("Needed when the reason is 'other'."))


# Re-routing closes a referral with its own outcome, through its own service.
CLOSING_OUTCOMES = [(o.value, o.label) for o in Outcome if o != Outcome.REROUTED]


class CloseSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=CLOSING_OUTCOMES)
    text = _text(NOTE_MAX_CHARS, help_text=_("Needed when the outcome is 'other'."))


class NoteCreateSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=NOTE_MAX_CHARS)


class NoteSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


# --- Reading referrals ---------------------------------------------------------------


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ServiceRefSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField()
    organisation = OrganisationRefSerializer()


class ReferralSummarySerializer(serializers.Serializer):
    """What a list shows: no personal details (those are read one referral at a time,
    and a group's reads are logged)."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    service = ServiceRefSerializer()
    route = serializers.ChoiceField(choices=Route.choices)
    status = serializers.ChoiceField(choices=Status.choices)
    status_changed_at = serializers.DateTimeField()
    created_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    ended_at = serializers.DateTimeField(allow_null=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    decline_reason = serializers.ChoiceField(choices=DeclineReason.choices, allow_blank=True)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, referral: Referral) -> str:
        path = reverse("api:referral_detail", kwargs={"id": referral.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PersonOutSerializer(serializers.Serializer):
    name = serializers.CharField()
    pronouns = serializers.CharField()
    contact_methods = serializers.ListField(
        child=serializers.ChoiceField(choices=ContactMethod.choices)
    )
    phone = serializers.CharField()
    email = serializers.CharField()
    address_lines = serializers.ListField(child=serializers.CharField())
    postcode = serializers.CharField()
    safe_times = serializers.CharField()
    ok_to_leave_message = serializers.BooleanField(allow_null=True)
    ok_to_say_who_is_calling = serializers.BooleanField(allow_null=True)
    preferred_language = serializers.CharField()
    interpreter = serializers.CharField()
    access_needs = serializers.CharField()
    help_wanted = serializers.CharField()
    age = serializers.IntegerField(allow_null=True)
    gender = serializers.CharField()
    local_area = serializers.CharField()
    updates_to_person = serializers.BooleanField()


class ReferrerSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class EventSerializer(serializers.Serializer):
    from_status = serializers.ChoiceField(choices=Status.choices, allow_blank=True)
    to_status = serializers.ChoiceField(choices=Status.choices)
    by = serializers.ChoiceField(source="actor_role", choices=ActorRole.choices)
    at = serializers.DateTimeField()
    note = serializers.SerializerMethodField(help_text=_("Only a group's token sees notes."))

    def get_note(self, event) -> str:
        return str(event.note or "") if self.context.get("as_group") else ""


class ReferralDetailSerializer(ReferralSummarySerializer):
    person = serializers.SerializerMethodField()
    referrer = serializers.SerializerMethodField()
    mismatches = serializers.ListField(child=serializers.ChoiceField(choices=Mismatch.choices))
    eligibility_reason = serializers.CharField()
    outcome_text = serializers.CharField()
    decline_text = serializers.CharField()
    details_cleared_at = serializers.DateTimeField(
        allow_null=True,
        help_text=_("Set once the person withdrew or the details were removed: then empty."),
    )
    events = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField(
        help_text=_("The group's internal notes (only a group's token sees them).")
    )

    @extend_schema_field(PersonOutSerializer)
    def get_person(self, referral: Referral) -> dict:
        values = {name: getattr(referral, name) for name in PersonOutSerializer().fields}
        values["address_lines"] = list(referral.address_lines)
        return PersonOutSerializer(values).data

    @extend_schema_field(ReferrerSerializer)
    def get_referrer(self, referral: Referral) -> dict:
        user = referral.referrer
        if user is not None:
            values = {"name": user.get_full_name() or user.get_username(), "email": user.email}
            return ReferrerSerializer({**values, "phone": ""}).data
        return ReferrerSerializer(
            {
                "name": referral.referrer_name,
                "email": referral.referrer_email,
                "phone": referral.referrer_phone,
            }
        ).data

    @extend_schema_field(EventSerializer(many=True))
    def get_events(self, referral: Referral) -> list:
        return EventSerializer(referral.events.all(), many=True, context=self.context).data

    @extend_schema_field(NoteSerializer(many=True))
    def get_notes(self, referral: Referral) -> list:
        if not self.context.get("as_group"):
            return []
        return NoteSerializer(referral.notes.all(), many=True).data


# --- The token itself ----------------------------------------------------------------


class TokenInfoSerializer(serializers.Serializer):
    name = serializers.CharField()
    prefix = serializers.CharField(help_text=_("The token's first characters."))
    scope = serializers.ChoiceField(choices=ApiTokenScope.choices)
    organisation = OrganisationRefSerializer(
        allow_null=True, help_text=_("The group the token acts for, if a group's token.")
    )
    acts_as = serializers.CharField(help_text=_("The user whose rights the token carries."))
    created_at = serializers.DateTimeField()
