"""The Open Referral UK 3.0 read API (``/oruk/``): public data, anonymous, CORS-open.

Views only parse parameters, call a selector and serialise; what the public may see is
decided by ``directory.selectors.services_public`` underneath every selector used here.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from directory.oruk import mapping, selectors
from directory.oruk.pagination import page_envelope
from directory.oruk.params import InvalidQuery, list_query, service_query

ORUK_VERSION = "3.0"


class OrukView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    # Described by the standard's OpenAPI document (directory/oruk_schema/openapi.json),
    # not by the project's own /api/schema/.
    schema = None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    def handle_exception(self, exc):
        if isinstance(exc, InvalidQuery):
            return Response(
                {"detail": _("A query parameter is not valid."), "errors": exc.errors},
                status=400,
            )
        if isinstance(exc, Http404):
            return Response({"detail": _("No public record has that id.")}, status=404)
        return super().handle_exception(exc)


def _uuid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise Http404 from error


class RootView(OrukView):
    def get(self, request: Request) -> Response:
        return Response(
            {
                "version": ORUK_VERSION,
                "profile": settings.ORUK_PROFILE_URL,
                "openapi_url": settings.ORUK_OPENAPI_URL,
            }
        )


class ServiceListView(OrukView):
    def get(self, request: Request) -> Response:
        query = service_query(request.query_params)
        services = selectors.with_nested(selectors.services_oruk(query=query))
        return Response(
            page_envelope(
                services,
                page=query.page,
                per_page=query.per_page,
                serialise=mapping.service_to_oruk,
            )
        )


class ServiceDetailView(OrukView):
    def get(self, request: Request, pk: str) -> Response:
        service = selectors.service_get_oruk(_uuid_or_404(pk))
        return Response(mapping.service_to_oruk(service))


def _sal_to_oruk(sal) -> dict:
    service = mapping.service_to_oruk(sal.service, with_locations=False)
    data = mapping.service_at_location_to_oruk(sal, service=service)
    if getattr(sal, "distance_m", None) is not None:
        data[mapping.EXTENSION] = {"distance_m": round(sal.distance_m)}
    return data


class ServiceAtLocationListView(OrukView):
    def get(self, request: Request) -> Response:
        query = service_query(request.query_params)
        return Response(
            page_envelope(
                selectors.services_at_locations_oruk(query=query),
                page=query.page,
                per_page=query.per_page,
                serialise=_sal_to_oruk,
            )
        )


class ServiceAtLocationDetailView(OrukView):
    def get(self, request: Request, pk: str) -> Response:
        sal = selectors.service_at_location_get_oruk(_uuid_or_404(pk))
        return Response(_sal_to_oruk(sal))


class TaxonomyListView(OrukView):
    def get(self, request: Request) -> Response:
        query = list_query(request.query_params)
        return Response(
            page_envelope(
                selectors.taxonomies_oruk(),
                page=query.page,
                per_page=query.per_page,
                serialise=mapping.taxonomy_to_oruk,
            )
        )


class TaxonomyDetailView(OrukView):
    def get(self, request: Request, pk: str) -> Response:
        taxonomy = get_object_or_404(selectors.taxonomies_oruk(), pk=_uuid_or_404(pk))
        return Response(mapping.taxonomy_to_oruk(taxonomy))


class TaxonomyTermListView(OrukView):
    def get(self, request: Request) -> Response:
        query = list_query(request.query_params)
        return Response(
            page_envelope(
                selectors.taxonomy_terms_oruk(),
                page=query.page,
                per_page=query.per_page,
                serialise=mapping.taxonomy_term_to_oruk,
            )
        )


class TaxonomyTermDetailView(OrukView):
    def get(self, request: Request, pk: str) -> Response:
        term = get_object_or_404(selectors.taxonomy_terms_oruk(), pk=_uuid_or_404(pk))
        return Response(mapping.taxonomy_term_to_oruk(term))
