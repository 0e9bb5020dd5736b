from __future__ import annotations

from django.template.response import TemplateResponse

from directory import selectors


def home(request):
    return TemplateResponse(
        request,
        "directory/home.html",
        {
            "counts": selectors.directory_counts(),
            "service_types": selectors.service_types_public(),
        },
    )


def service_detail(request, pk):
    service = selectors.service_get_public(pk)
    return TemplateResponse(request, "directory/service_detail.html", {"service": service})


def organisation_detail(request, pk):
    organisation = selectors.organisation_get_public(pk)
    return TemplateResponse(
        request,
        "directory/organisation_detail.html",
        {
            "organisation": organisation,
            "services": selectors.organisation_services_public(organisation),
        },
    )
