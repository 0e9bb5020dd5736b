"""The referral API (/api/v1/): thin views over the referral selectors and services.

A view authenticates the token (authentication.py), checks what kind of token may call it
(permissions.py), fetches through referrals/api/selectors.py (which reads through
referrals.selectors, so a group's reads are logged) and calls a service. Refusals from the
services become JSON errors here, in one place (``_error_for``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.paginator import EmptyPage, Paginator
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
)
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import JSONParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.selectors import service_get_public
from referrals import services
from referrals.api import serializers as s
from referrals.api.authentication import ApiTokenAuthentication
from referrals.api.permissions import GroupTokenOnly, PersonalTokenOnly, TokenScopePermission
from referrals.api.selectors import api_referral_get, api_referrals
from referrals.models import Referral, Status

MAX_ID = 2**63 - 1
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 100


class ServiceRefusal(exceptions.APIException):
    """A referral service said no; the message is the service's own."""

    def __init__(self, error: services.ReferralError, *, status_code: int, code: str) -> None:
        super().__init__(detail=error.message, code=code)
        self.status_code = status_code


# Which refusal answers what. NotPermitted on a referral is a 404, as for a read: the
# token's owner cannot tell a referral they may not touch from one that does not exist.
REFUSALS: dict[type[services.ReferralError], tuple[int, str]] = {
    services.InvalidTransition: (409, "invalid_transition"),
    services.IncompleteDetails: (400, "incomplete_details"),
    services.ConsentRequired: (422, "consent_required"),
    services.RouteNotAllowed: (422, "route_not_allowed"),
    services.NotEligible: (422, "not_eligible"),
    services.RateLimited: (429, "rate_limited"),
}


def _flatten(errors, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested field errors as {"person.contact_methods.0": ["…"]}."""
    if isinstance(errors, dict):
        flat: dict[str, list[str]] = {}
        for key, value in errors.items():
            name = str(key) if key != "non_field_errors" or prefix else "request"
            flat.update(_flatten(value, f"{prefix}.{name}" if prefix else name))
        return flat
    if isinstance(errors, list) and errors and not all(isinstance(e, str) for e in errors):
        flat = {}
        for index, value in enumerate(errors):
            if value:
                flat.update(_flatten(value, f"{prefix}.{index}"))
        return flat
    return {prefix or "request": [str(e) for e in errors]}


def _error_body(exc: exceptions.APIException) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        return {
            "detail": _("Some of the request is not valid: see errors."),
            "code": "invalid",
            "errors": _flatten(exc.detail),
        }
    codes = exc.get_codes()
    return {"detail": str(exc.detail), "code": codes if isinstance(codes, str) else "error"}


class ApiView(APIView):
    authentication_classes = [ApiTokenAuthentication]
    permission_classes = [TokenScopePermission]
    renderer_classes = [JSONRenderer]
    parser_classes = [JSONParser]

    def handle_exception(self, exc):
        if isinstance(exc, services.NotPermitted | Http404):
            exc = exceptions.NotFound(_("There is no referral with this id for this token."))
        elif type(exc) in REFUSALS:
            status_code, code = REFUSALS[type(exc)]
            exc = ServiceRefusal(exc, status_code=status_code, code=code)
        response = super().handle_exception(exc)
        if isinstance(exc, exceptions.APIException):
            response.data = _error_body(exc)
        return response

    def context(self) -> dict:
        return {"request": self.request, "as_group": self.request.auth.organisation_id is not None}

    def referral(self, referral_id: str) -> Referral:
        if not referral_id.isdecimal() or not 0 < int(referral_id) <= MAX_ID:
            raise Http404
        return api_referral_get(
            token=self.request.auth, user=self.request.user, pk=int(referral_id)
        )

    def detail_response(self, referral: Referral, status_code: int = 200) -> Response:
        return Response(
            s.ReferralDetailSerializer(referral, context=self.context()).data, status_code
        )


# --- What the OpenAPI document says about errors ---------------------------------------

EXAMPLE_PERSON = {
    "name": "Jas",
    "pronouns": "he/him",
    "contact_methods": ["sms", "phone_call"],
    "phone": "07700 900123",
    "safe_times": "Weekdays after 6pm",
    "ok_to_leave_message": False,
    "preferred_language": "Punjabi",
    "help_wanted": "Would like to meet others who have lost their job",
    "age": 42,
    "gender": "men",
}


def _errors(*codes: int) -> dict[int, OpenApiResponse]:
    what = {
        400: gettext_lazy("The request is not valid (see errors), or is not JSON."),
        401: gettext_lazy("No token, or the token is not valid, revoked or no longer works."),
        403: gettext_lazy("This token may not do this (read-only, or the wrong kind of token)."),
        404: gettext_lazy("No referral with this id that this token may see."),
        409: gettext_lazy("The referral's current status does not allow this move."),
        422: gettext_lazy("The referral cannot be made: no consent, route or eligibility."),
    }
    return {code: OpenApiResponse(s.ErrorSerializer, description=what[code]) for code in codes}


ID_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT64, OpenApiParameter.PATH, description=gettext_lazy("The referral's id.")
)
TAG = "referrals"


# --- Referrals -------------------------------------------------------------------------


class ListQuerySerializer(serializers.Serializer):
    status = serializers.ListField(
        child=serializers.ChoiceField(choices=Status.choices),
        required=False,
        help_text=gettext_lazy("Only referrals with these statuses (repeat the parameter)."),
    )
    changed_after = serializers.DateTimeField(
        required=False,
        help_text=gettext_lazy("Only referrals whose status changed at or after this time."),
    )
    page = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False, default=1)
    per_page = serializers.IntegerField(
        min_value=1, max_value=MAX_PER_PAGE, required=False, default=DEFAULT_PER_PAGE
    )


class ReferralPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    per_page = serializers.IntegerField()
    total_pages = serializers.IntegerField()
    results = s.ReferralSummarySerializer(many=True)


class ReferralListView(ApiView):
    def get_permissions(self):
        extra = [PersonalTokenOnly()] if self.request.method == "POST" else []
        return [*super().get_permissions(), *extra]

    @extend_schema(
        operation_id="referrals_list",
        summary="List referrals",
        description=(
            "A group's token lists the group's inbox (referrals waiting for the person's "
            "consent are not there); a professional's token lists the referrals they made. "
            "Newest first. No personal details: read one referral for those."
        ),
        tags=[TAG],
        parameters=[ListQuerySerializer],
        responses={200: ReferralPageSerializer, **_errors(400, 401)},
    )
    def get(self, request):
        query = ListQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        options = query.validated_data
        referrals = api_referrals(token=request.auth, user=request.user)
        if options.get("status"):
            referrals = referrals.filter(status__in=options["status"])
        if options.get("changed_after"):
            referrals = referrals.filter(status_changed_at__gte=options["changed_after"])
        paginator = Paginator(referrals.order_by("-created_at", "-pk"), options["per_page"])
        try:
            page = paginator.page(options["page"])
            results = list(page.object_list)
        except EmptyPage:
            results = []
        body = {
            "count": paginator.count,
            "page": options["page"],
            "per_page": options["per_page"],
            "total_pages": paginator.num_pages if paginator.count else 0,
            "results": s.ReferralSummarySerializer(results, many=True, context=self.context()).data,
        }
        return Response(body)

    @extend_schema(
        operation_id="referrals_create",
        summary="Make a professional referral",
        description=(
            "Only a professional's own read-and-write token, and only while their account is "
            "an approved professional's. The person must have agreed to their details being "
            "shared with the group (consent.share_with_group), in conversation or in writing. "
            "If the person seems outside who the service is for, give eligibility_reason."
        ),
        tags=[TAG],
        request=s.ReferralCreateSerializer,
        responses={201: s.ReferralDetailSerializer, **_errors(400, 401, 403, 422)},
        examples=[
            OpenApiExample(
                "A referral",
                request_only=True,
                value={
                    "service": "6a3e0b1b-03d2-5ba5-806f-ff7ece7159cc",
                    "person": EXAMPLE_PERSON,
                    "consent": {"share_with_group": True, "method": "verbal"},
                },
            )
        ],
    )
    def post(self, request):
        data = s.ReferralCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            service = service_get_public(data.validated_data["service"])
        except Http404 as error:
            raise exceptions.ValidationError(
                {"service": [_("There is no service with this id in the directory.")]}
            ) from error
        try:
            referral = services.referral_create_professional(
                service=service,
                by=request.user,
                person=s.person_details(data.validated_data["person"]),
                consent=s.consent_given(data.validated_data["consent"]),
                eligibility_reason=data.validated_data["eligibility_reason"],
            )
        except services.NotPermitted as error:
            raise exceptions.PermissionDenied(error.message) from error
        return self.detail_response(self.referral(str(referral.pk)), status.HTTP_201_CREATED)


class ReferralDetailView(ApiView):
    @extend_schema(
        operation_id="referrals_read",
        summary="Read a referral",
        description=(
            "With the person's details, the history of moves and (for a group's token) the "
            "group's internal notes. A group's read is written to the referral's access log. "
            "After the person withdraws, their details are empty (details_cleared_at)."
        ),
        tags=[TAG],
        parameters=[ID_PARAMETER],
        responses={200: s.ReferralDetailSerializer, **_errors(401, 404)},
    )
    def get(self, request, id: str):  # noqa: A002 (the documented path parameter)
        return self.detail_response(self.referral(id))


# --- Moves through the lifecycle -------------------------------------------------------


@dataclass(frozen=True)
class Move:
    name: str
    summary: str
    request: type[serializers.Serializer] | None
    call: Callable[..., Referral]
    example: dict | None = None


MOVES = [
    Move(
        "open",
        "Mark as opened by the group",
        None,
        lambda referral, by, data: services.referral_open(referral=referral, by=by),
    ),
    Move(
        "accept",
        "Accept",
        s.NoteOptionalSerializer,
        lambda referral, by, data: services.referral_accept(referral=referral, by=by, **data),
    ),
    Move(
        "waitlist",
        "Put on the waiting list",
        s.NoteOptionalSerializer,
        lambda referral, by, data: services.referral_waitlist(referral=referral, by=by, **data),
    ),
    Move(
        "decline",
        "Decline, with a reason",
        s.DeclineSerializer,
        lambda referral, by, data: services.referral_decline(referral=referral, by=by, **data),
        {"reason": "out_of_area", "text": "We only cover Wigan; the Bolton group would suit."},
    ),
    Move(
        "contacted",
        "Mark that the group has been in touch",
        s.NoteOptionalSerializer,
        lambda referral, by, data: services.referral_mark_contacted(
            referral=referral, by=by, **data
        ),
    ),
    Move(
        "met",
        "Mark that the person attended a first session",
        s.NoteOptionalSerializer,
        lambda referral, by, data: services.referral_mark_met(referral=referral, by=by, **data),
    ),
    Move(
        "close",
        "Close, with an outcome",
        s.CloseSerializer,
        lambda referral, by, data: services.referral_close(referral=referral, by=by, **data),
        {"outcome": "getting_support"},
    ),
]


class MoveView(ApiView):
    move: Move
    permission_classes = [TokenScopePermission, GroupTokenOnly]

    def post(self, request, id: str):  # noqa: A002
        data = {}
        if self.move.request is not None:
            body = self.move.request(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
        referral = self.referral(id)
        # The service returns the referral it moved; reading it again would log a second read.
        return self.detail_response(self.move.call(referral, request.user, data))


def _move_view(move: Move) -> type[MoveView]:
    """A MoveView subclass for ``move`` with its own documented ``post``."""

    @extend_schema(
        operation_id=f"referrals_{move.name}",
        summary=move.summary,
        description=(
            "A group's read-and-write token only. The move must be allowed from the "
            "referral's current status (submitted → opened → accepted or waiting list or "
            "declined; accepted → contacted → met → closed; declined → closed); otherwise 409."
        ),
        tags=[TAG],
        parameters=[ID_PARAMETER],
        request=move.request,
        responses={200: s.ReferralDetailSerializer, **_errors(400, 401, 403, 404, 409)},
        examples=[OpenApiExample(move.name, value=move.example, request_only=True)]
        if move.example
        else None,
    )
    def post(self, request, id: str):  # noqa: A002
        return MoveView.post(self, request, id)

    return type(f"{move.name.title()}View", (MoveView,), {"move": move, "post": post})


MOVE_VIEWS = {move.name: _move_view(move) for move in MOVES}


class NoteCreateView(ApiView):
    permission_classes = [TokenScopePermission, GroupTokenOnly]

    @extend_schema(
        operation_id="referrals_notes_create",
        summary="Add an internal note",
        description="A group's read-and-write token only. Only the group ever sees its notes.",
        tags=[TAG],
        parameters=[ID_PARAMETER],
        request=s.NoteCreateSerializer,
        responses={201: s.NoteSerializer, **_errors(400, 401, 403, 404)},
    )
    def post(self, request, id: str):  # noqa: A002
        body = s.NoteCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        referral = self.referral(id)
        note = services.referral_note_add(
            referral=referral, by=request.user, text=body.validated_data["text"]
        )
        return Response(s.NoteSerializer(note).data, status=status.HTTP_201_CREATED)


# --- The token -------------------------------------------------------------------------


class TokenInfoView(ApiView):
    @extend_schema(
        operation_id="token_read",
        summary="This token",
        description="What the token is called, what it may do and whose rights it carries.",
        tags=["token"],
        responses={200: s.TokenInfoSerializer, **_errors(401)},
    )
    def get(self, request):
        token = request.auth
        return Response(
            s.TokenInfoSerializer(
                {
                    "name": token.name,
                    "prefix": token.prefix,
                    "scope": token.scope,
                    "organisation": token.organisation,
                    "acts_as": request.user.get_username(),
                    "created_at": token.created_at,
                }
            ).data
        )
