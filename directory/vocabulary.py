"""The project's own taxonomies: what a service is, and which communities it is for.

They are seeded by a data migration (so every deployment has them) with stable UUIDs
(``term_uuid``) so that ORUK feeds from different sites agree. Curators may add terms.
"""

from __future__ import annotations

SERVICE_TYPES: list[tuple[str, str, str]] = [
    (
        "peer-support",
        "Peer support",
        "Support from people who have been through something similar.",
    ),
    ("advocacy", "Advocacy", "Help to have your voice heard and your rights respected."),
    (
        "womens-centre",
        "Women's centre",
        "A safe, women-only place offering support and activities.",
    ),
    (
        "ips-employment",
        "IPS employment support",
        "Individual Placement and Support: help to find and keep paid work.",
    ),
    (
        "youth-advice",
        "Youth information, advice and counselling",
        "Free, confidential help for young people.",
    ),
    ("talking-therapy", "Talking therapy", "Counselling and psychological therapies."),
    (
        "money-advice",
        "Money, debt, housing and welfare advice",
        "Help with benefits, debt, housing and money worries.",
    ),
    ("immigration-advice", "Immigration advice", "Regulated advice on immigration and asylum."),
    ("perinatal-support", "Perinatal support", "Support in pregnancy and after having a baby."),
    (
        "crisis-safe-space",
        "Crisis support and safe spaces",
        "Somewhere to go or call when things feel too much.",
    ),
    (
        "social-creative",
        "Social and creative groups",
        "Meet people, make things and enjoy time together.",
    ),
]

COMMUNITIES: list[tuple[str, str, str]] = [
    ("black-african-caribbean", "Black African and Caribbean", ""),
    ("south-asian", "South Asian", ""),
    ("punjabi", "Punjabi", ""),
    ("somali", "Somali", ""),
    ("muslim", "Muslim", ""),
    ("lgbtq", "LGBTQ+", ""),
    ("trans-non-binary", "Trans and non-binary", ""),
    ("older-people", "Older people", ""),
    ("young-people", "Young people (11 to 25)", ""),
    ("women-only", "Women only", ""),
    ("refugees-asylum", "Refugees and people seeking asylum", ""),
    ("deaf-bsl", "Deaf BSL users", ""),
    ("autistic", "Autistic people", ""),
    ("leaving-prison", "People leaving prison", ""),
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
