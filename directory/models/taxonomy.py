from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.models.base import OrukModel

# Stable ids for this project's own vocabularies, so feeds round-trip between sites.
TAXONOMY_NAMESPACE = uuid.UUID("6f0b8a52-2f57-4d0a-9a57-5d7c2f3e9b10")


def term_uuid(taxonomy_slug: str, code: str) -> uuid.UUID:
    return uuid.uuid5(TAXONOMY_NAMESPACE, f"{taxonomy_slug}:{code}")


class Taxonomy(OrukModel):
    """A vocabulary, e.g. this project's service types or communities (ORUK ``taxonomy``)."""

    SERVICE_TYPES = "service-types"
    COMMUNITIES = "communities"

    slug = models.SlugField(_("short name"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"))
    uri = models.URLField(_("URI"), blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(OrukModel):
    """One term of a taxonomy (ORUK ``taxonomy_term``)."""

    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.SlugField(_("code"), max_length=100)
    name = models.CharField(_("name"), max_length=255)
    description = models.TextField(_("description"))
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    term_uri = models.URLField(_("term URI"), blank=True)
    display_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["taxonomy", "display_order", "name"]
        verbose_name = _("taxonomy term")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="directory_term_code_unique")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the page's language: the seeded terms (directory/vocabulary.py)
        are in the catalogues; terms curators add show as they were written."""
        return gettext(self.name) if self.name else ""


class Attribute(OrukModel):
    """Links a taxonomy term to a service (ORUK ``attribute`` with link_type "service")."""

    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="attributes"
    )
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes"
    )
    value = models.CharField(_("value"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attribute")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "taxonomy_term"], name="directory_attribute_unique"
            )
        ]
        indexes = [models.Index(fields=["taxonomy_term", "service"])]

    def __str__(self) -> str:
        return f"{self.service_id} → {self.taxonomy_term}"
