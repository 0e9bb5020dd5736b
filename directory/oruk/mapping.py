"""Directory records as ORUK 3.0 objects (plain dicts ready for JSON).

Optional fields with no value are left out rather than sent as null or "". Arrays of
related records are always present (``[]`` when there are none), so a reader can tell
"none" from "not sent". Fields of HSDS 3.0 that the UK profile leaves out (phones,
language code and name, alternate names…) are included: the profile's schemas allow
additional properties and real feeds carry them. This project's own fields travel in an
``x_fyp`` object (see docs/api.md).

Expects the related records to be prefetched (``directory.oruk.selectors``), so that
serialising a page costs no further queries.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from directory.models import (
    Accessibility,
    Address,
    Attribute,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organisation,
    OrganisationIdentifier,
    Phone,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)

EXTENSION = "x_fyp"
# The listing's own words in other languages; the standard fields stay English.
TRANSLATIONS = "x_translations"


def translations_to_oruk(translations, fields: tuple[str, ...]) -> list[dict[str, Any]]:
    """``[{"language": "pa", "name": "…", …}]`` sorted by language, empty fields left out."""
    return [
        {"language": t.language} | _present(**{f: getattr(t, f) for f in fields})
        for t in sorted(translations, key=lambda t: t.language)
    ]


def _present(**fields: Any) -> dict[str, Any]:
    """The fields that have a value ("" and None are left out; False and 0 stay)."""
    return {key: value for key, value in fields.items() if value not in ("", None)}


def _id(value) -> str | None:
    return str(value) if value is not None else None


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _datetime(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: dt.time | None) -> str | None:
    if value is None:
        return None
    return value.isoformat(timespec="seconds" if value.second else "minutes")


def _number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


# --- taxonomy -----------------------------------------------------------------------------


def taxonomy_to_oruk(taxonomy: Taxonomy) -> dict[str, Any]:
    return _present(
        id=str(taxonomy.pk),
        name=taxonomy.name,
        description=taxonomy.description,
        uri=taxonomy.uri,
        version=taxonomy.version,
    ) | {"description": taxonomy.description}


def taxonomy_term_to_oruk(term: TaxonomyTerm) -> dict[str, Any]:
    """A term with its taxonomy's id and name (``taxonomy`` is select_related)."""
    return _present(
        id=str(term.pk),
        code=term.code,
        name=term.name,
        description=term.description,
        parent_id=_id(term.parent_id),
        taxonomy=term.taxonomy.name,
        taxonomy_id=str(term.taxonomy_id),
        term_uri=term.term_uri,
    ) | {"description": term.description}


def attribute_to_oruk(attribute: Attribute) -> dict[str, Any]:
    return _present(
        id=str(attribute.pk),
        link_id=str(attribute.service_id),
        link_type="service",
        link_entity="service",
        taxonomy_term_id=str(attribute.taxonomy_term_id),
        value=attribute.value,
    ) | {"taxonomy_term": taxonomy_term_to_oruk(attribute.taxonomy_term)}


# --- organisation -----------------------------------------------------------------------


def identifier_to_oruk(identifier: OrganisationIdentifier) -> dict[str, Any]:
    return _present(
        id=str(identifier.pk),
        organization_id=str(identifier.organisation_id),
        identifier_scheme=identifier.identifier_scheme,
        identifier_type=identifier.identifier_type,
        identifier=identifier.identifier,
    )


def organisation_to_oruk(organisation: Organisation) -> dict[str, Any]:
    return _present(
        id=str(organisation.pk),
        name=organisation.name,
        alternate_name=organisation.alternate_name,
        description=organisation.description,
        email=organisation.email,
        website=organisation.website,
        logo=organisation.logo,
        uri=organisation.uri,
        legal_status=organisation.legal_status,
        year_incorporated=organisation.year_incorporated,
        parent_organization_id=_id(organisation.parent_organisation_id),
    ) | {
        "description": organisation.description,
        "organization_identifiers": [
            identifier_to_oruk(i) for i in _by_id(organisation.identifiers.all())
        ],
        TRANSLATIONS: translations_to_oruk(
            organisation.translations.all(), ("name", "description")
        ),
    }


# --- small children -----------------------------------------------------------------------


def _by_id(records) -> list:
    """Related records in a stable order, so the same data always serialises the same."""
    return sorted(records, key=lambda record: str(record.pk))


def language_to_oruk(language: Language) -> dict[str, Any]:
    return _present(
        id=str(language.pk),
        service_id=_id(language.service_id),
        location_id=_id(language.location_id),
        phone_id=_id(language.phone_id),
        name=language.name,
        code=language.code,
        note=language.note,
    )


def phone_to_oruk(phone: Phone) -> dict[str, Any]:
    return _present(
        id=str(phone.pk),
        service_id=_id(phone.service_id),
        contact_id=_id(phone.contact_id),
        location_id=_id(phone.location_id),
        number=phone.number,
        extension=phone.extension,
        type=phone.type,
        description=phone.description,
    ) | {"languages": [language_to_oruk(x) for x in _by_id(phone.languages.all())]}


def contact_to_oruk(contact: Contact) -> dict[str, Any]:
    return _present(
        id=str(contact.pk),
        service_id=_id(contact.service_id),
        organization_id=_id(contact.organisation_id),
        name=contact.name,
        title=contact.title,
        department=contact.department,
        email=contact.email,
    ) | {"phones": [phone_to_oruk(p) for p in _by_id(contact.phones.all())]}


def schedule_to_oruk(schedule: Schedule) -> dict[str, Any]:
    return _present(
        id=str(schedule.pk),
        service_id=_id(schedule.service_id),
        service_at_location_id=_id(schedule.service_at_location_id),
        valid_from=_date(schedule.valid_from),
        valid_to=_date(schedule.valid_to),
        dtstart=_date(schedule.dtstart),
        freq=schedule.freq,
        interval=schedule.interval,
        byday=schedule.byday,
        bymonthday=schedule.bymonthday,
        opens_at=_time(schedule.opens_at),
        closes_at=_time(schedule.closes_at),
        description=schedule.description,
        schedule_link=schedule.schedule_link,
        attending_type=schedule.attending_type,
        notes=schedule.notes,
    )


def service_area_to_oruk(area: ServiceArea) -> dict[str, Any]:
    return _present(
        id=str(area.pk),
        service_id=str(area.service_id),
        name=area.name,
        description=area.description,
        extent=area.extent,
        extent_type=area.extent_type,
        uri=area.uri,
    )


def cost_option_to_oruk(option: CostOption) -> dict[str, Any]:
    return _present(
        id=str(option.pk),
        service_id=str(option.service_id),
        valid_from=_date(option.valid_from),
        valid_to=_date(option.valid_to),
        option=option.option,
        amount=_number(option.amount),
        currency=option.currency,
        amount_description=option.amount_description,
    )


def funding_to_oruk(funding: Funding) -> dict[str, Any]:
    return _present(id=str(funding.pk), service_id=str(funding.service_id), source=funding.source)


# --- locations ----------------------------------------------------------------------------


def address_to_oruk(address: Address) -> dict[str, Any]:
    return _present(
        id=str(address.pk),
        location_id=str(address.location_id),
        attention=address.attention,
        address_1=address.address_1,
        address_2=address.address_2,
        city=address.city,
        region=address.region,
        state_province=address.state_province,
        postal_code=address.postal_code,
        country=address.country,
        address_type=address.address_type,
    ) | {
        # Required by the schema even when blank.
        "address_1": address.address_1,
        "city": address.city,
        "state_province": address.state_province,
        "postal_code": address.postal_code,
        "country": address.country,
    }


def accessibility_to_oruk(accessibility: Accessibility) -> dict[str, Any]:
    return _present(
        id=str(accessibility.pk),
        location_id=str(accessibility.location_id),
        description=accessibility.description,
        details=accessibility.details,
        url=accessibility.url,
    )


def location_to_oruk(location: Location) -> dict[str, Any]:
    return (
        _present(
            id=str(location.pk),
            location_type=location.location_type,
            url=location.url,
            organization_id=_id(location.organisation_id),
            name=location.name,
            alternate_name=location.alternate_name,
            description=location.description,
            transportation=location.transportation,
            latitude=location.latitude,
            longitude=location.longitude,
            external_identifier=location.external_identifier,
            external_identifier_type=location.external_identifier_type,
        )
        | {
            "addresses": [address_to_oruk(a) for a in _by_id(location.addresses.all())],
            "accessibility": [
                accessibility_to_oruk(a) for a in _by_id(location.accessibility.all())
            ],
            "phones": [phone_to_oruk(p) for p in _by_id(location.phones.all())],
            "languages": [language_to_oruk(x) for x in _by_id(location.languages.all())],
        }
        | (
            {EXTENSION: {"local_authority": location.local_authority}}
            if location.local_authority
            else {}
        )
    )


def service_at_location_to_oruk(
    sal: ServiceAtLocation, *, service: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A service at a location, with its location in full; ``service`` is the nested
    service to include (the detail and list endpoints include one, a service does not)."""
    data = _present(
        id=str(sal.pk),
        service_id=str(sal.service_id),
        location_id=str(sal.location_id),
        description=sal.description,
    ) | {
        "location": location_to_oruk(sal.location),
        "schedules": [schedule_to_oruk(s) for s in _by_id(sal.schedules.all())],
    }
    if service is not None:
        data["service"] = service
    return data


# --- services -----------------------------------------------------------------------------


def service_extension(service: Service) -> dict[str, Any]:
    """This project's fields beyond ORUK (documented in docs/api.md)."""
    return _present(
        led_by=list(service.led_by),
        access_modes=list(service.access_modes),
        referral_routes=list(service.referral_routes),
        eligible_genders=list(service.eligible_genders),
        is_free=service.is_free,
        capacity_status=service.capacity_status,
        waiting_list_weeks=service.waiting_list_weeks,
        capacity_updated_at=_datetime(service.capacity_updated_at),
    )


def service_summary_to_oruk(service: Service) -> dict[str, Any]:
    """The service's own fields and its organisation (ORUK ``service_list``)."""
    return _present(
        id=str(service.pk),
        organization_id=str(service.organisation_id),
        name=service.name,
        alternate_name=service.alternate_name,
        description=service.description,
        url=service.url,
        email=service.email,
        status=service.status,
        interpretation_services=service.interpretation_services,
        application_process=service.application_process,
        fees=service.fees,
        fees_description=service.fees,
        eligibility_description=service.eligibility_description,
        accreditations=service.accreditations,
        minimum_age=service.minimum_age,
        maximum_age=service.maximum_age,
        assured_date=_date(service.assured_date),
        assurer_email=service.assurer_email,
        alert=service.alert,
        last_modified=_datetime(service.last_modified),
    ) | {
        "organization": organisation_to_oruk(service.organisation),
        EXTENSION: service_extension(service),
        TRANSLATIONS: translations_to_oruk(
            service.translations.all(), ("name", "description", "application_process")
        ),
    }


def service_to_oruk(service: Service, *, with_locations: bool = True) -> dict[str, Any]:
    """The fully nested service (ORUK ``compiled/service.json``)."""
    data = service_summary_to_oruk(service) | {
        "schedules": [schedule_to_oruk(s) for s in _by_id(service.schedules.all())],
        "service_areas": [service_area_to_oruk(a) for a in _by_id(service.service_areas.all())],
        "languages": [language_to_oruk(x) for x in _by_id(service.languages.all())],
        "funding": [funding_to_oruk(f) for f in _by_id(service.funding.all())],
        "cost_options": [cost_option_to_oruk(c) for c in _by_id(service.cost_options.all())],
        "contacts": [contact_to_oruk(c) for c in _by_id(service.contacts.all())],
        "phones": [phone_to_oruk(p) for p in _by_id(service.phones.all())],
        "attributes": [attribute_to_oruk(a) for a in _by_id(service.attributes.all())],
    }
    if with_locations:
        data["service_at_locations"] = [
            service_at_location_to_oruk(sal) for sal in _by_id(service.service_at_locations.all())
        ]
    return data
