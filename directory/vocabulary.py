"""The project's own taxonomies: what a service is, and which communities it is for.

They are seeded by a data migration (so every deployment has them) with stable UUIDs
(``term_uuid``) so that ORUK feeds from different sites agree. Curators may add terms.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

SERVICE_TYPES: list[tuple[str, str, str]] = [
    (
        "peer-support",
        gettext_noop("Peer support"),
        "Support from people who have been through something similar.",
    ),
    (
        "advocacy",
        gettext_noop("Advocacy"),
        "Help to have your voice heard and your rights respected.",
    ),
    (
        "womens-centre",
        gettext_noop("Women's centre"),
        "A safe, women-only place offering support and activities.",
    ),
    (
        "ips-employment",
        gettext_noop("IPS employment support"),
        "Individual Placement and Support: help to find and keep paid work.",
    ),
    (
        "youth-advice",
        gettext_noop("Youth information, advice and counselling"),
        "Free, confidential help for young people.",
    ),
    (
        "talking-therapy",
        gettext_noop("Talking therapy"),
        "Counselling and psychological therapies.",
    ),
    (
        "money-advice",
        gettext_noop("Money, debt, housing and welfare advice"),
        "Help with benefits, debt, housing and money worries.",
    ),
    (
        "immigration-advice",
        gettext_noop("Immigration advice"),
        "Regulated advice on immigration and asylum.",
    ),
    (
        "perinatal-support",
        gettext_noop("Perinatal support"),
        "Support in pregnancy and after having a baby.",
    ),
    (
        "crisis-safe-space",
        gettext_noop("Crisis support and safe spaces"),
        "Somewhere to go or call when things feel too much.",
    ),
    (
        "social-creative",
        gettext_noop("Social and creative groups"),
        "Meet people, make things and enjoy time together.",
    ),
]

COMMUNITIES: list[tuple[str, str, str]] = [
    ("black-african-caribbean", gettext_noop("Black African and Caribbean"), ""),
    ("south-asian", gettext_noop("South Asian"), ""),
    ("punjabi", gettext_noop("Punjabi"), ""),
    ("somali", gettext_noop("Somali"), ""),
    ("muslim", gettext_noop("Muslim"), ""),
    ("lgbtq", gettext_noop("LGBTQ+"), ""),
    ("trans-non-binary", gettext_noop("Trans and non-binary"), ""),
    ("older-people", gettext_noop("Older people"), ""),
    ("young-people", gettext_noop("Young people (11 to 25)"), ""),
    ("women-only", gettext_noop("Women only"), ""),
    ("refugees-asylum", gettext_noop("Refugees and people seeking asylum"), ""),
    ("deaf-bsl", gettext_noop("Deaf BSL users"), ""),
    ("autistic", gettext_noop("Autistic people"), ""),
    ("leaving-prison", gettext_noop("People leaving prison"), ""),
]

TAXONOMIES = {
    "service-types": ("Service types", "What kind of help a service offers.", SERVICE_TYPES),
    "communities": ("Communities served", "Who a service is for.", COMMUNITIES),
}


def seed_taxonomies(Taxonomy, TaxonomyTerm) -> None:  # noqa: N803 - historical models
    """Create or update the project's taxonomies; safe to run many times."""
    import uuid

    from directory.models.taxonomy import TAXONOMY_NAMESPACE, term_uuid

    for slug, (name, description, terms) in TAXONOMIES.items():
        taxonomy, _ = Taxonomy.objects.update_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "version": "1"},
            create_defaults={
                "id": uuid.uuid5(TAXONOMY_NAMESPACE, slug),
                "slug": slug,
                "name": name,
                "description": description,
                "version": "1",
            },
        )
        for order, (code, term_name, term_description) in enumerate(terms):
            TaxonomyTerm.objects.update_or_create(
                taxonomy=taxonomy,
                code=code,
                defaults={
                    "name": term_name,
                    "description": term_description or term_name,
                    "display_order": order,
                },
                create_defaults={
                    "id": term_uuid(slug, code),
                    "taxonomy": taxonomy,
                    "code": code,
                    "name": term_name,
                    "description": term_description or term_name,
                    "display_order": order,
                },
            )
