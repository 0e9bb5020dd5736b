"""Where imported records came from, and taxonomy terms an import could not place."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedService(models.Model):
    """A service that arrived in an ORUK feed; it keeps the feed's ids, this records whence."""

    service = models.OneToOneField(
        "directory.Service", on_delete=models.CASCADE, related_name="import_record"
    )
    source = models.CharField(_("source"), max_length=500, help_text=_("File path or URL."))
    first_imported_at = models.DateTimeField(auto_now_add=True)
    last_changed_at = models.DateTimeField(_("last changed by an import"), auto_now=True)

    class Meta:
        verbose_name = _("imported service")

    def __str__(self) -> str:
        return f"{self.service_id} from {self.source}"


class TermReviewStatus(models.TextChoices):
    NEW = "new", _("New")
    MAPPED = "mapped", _("Mapped to a term")
    DISMISSED = "dismissed", _("Dismissed")


class UnknownTaxonomyTerm(models.Model):
    """A taxonomy term an imported service was tagged with that this directory does not
    have. Kept for a curator to map or dismiss, rather than dropped."""

    source = models.CharField(_("source"), max_length=500)
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="unknown_terms"
    )
    attribute_id = models.UUIDField(_("ORUK attribute id"))
    taxonomy_term_id = models.UUIDField(_("ORUK taxonomy term id"))
    term = models.JSONField(_("term as sent"), default=dict, blank=True)
    value = models.CharField(_("value"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=TermReviewStatus.choices, default=TermReviewStatus.NEW
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("unknown taxonomy term")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "taxonomy_term_id"], name="directory_unknownterm_unique"
            )
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return str(self.term.get("name") or self.taxonomy_term_id)
