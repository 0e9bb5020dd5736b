from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from directory.models.base import OrukModel


class Organisation(OrukModel):
    """A group or organisation that runs services (ORUK ``organization``)."""

    name = models.CharField(_("name"), max_length=255)
    alternate_name = models.CharField(_("other name"), max_length=255, blank=True)
    description = models.TextField(_("description"))
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    logo = models.URLField(_("logo URL"), blank=True)
    uri = models.URLField(_("persistent URI"), blank=True)
    legal_status = models.CharField(_("legal status"), max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    parent_organisation = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation_detail", args=[self.pk])


class OrganisationIdentifier(OrukModel):
    """A charity, company or other registered number (ORUK ``organization_identifier``)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identifiers"
    )
    identifier_scheme = models.CharField(_("scheme"), max_length=50, blank=True)
    identifier_type = models.CharField(_("type"), max_length=100)
    identifier = models.CharField(_("identifier"), max_length=100)

    class Meta:
        verbose_name = _("organisation identifier")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identifier_type", "identifier"],
                name="directory_orgidentifier_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.identifier_type}: {self.identifier}"
