"""A listing's own words in other languages (the English ones stay on the record).

Groups give these through the same moderated edits as the rest of their listing
(directory/services/changes.py); pages show the visitor's language where there is one,
and the ORUK feed keeps English in the standard fields and adds these in an extension
(docs/decisions/008-languages.md).
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Site languages other than English; a plain pattern rather than settings.LANGUAGES so
# that the migration does not change when a language is added.
LANGUAGE_CODE_VALIDATOR = RegexValidator(r"^[a-z]{2,3}$", _("Enter a language code like ur."))


class OrganisationTranslation(models.Model):
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8, validators=[LANGUAGE_CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("organisation translation")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language"], name="directory_org_translation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} [{self.language}]"


class ServiceTranslation(models.Model):
    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="translations"
    )
    language = models.CharField(_("language"), max_length=8, validators=[LANGUAGE_CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    application_process = models.TextField(_("how to get in touch"), blank=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("service translation")
        constraints = [
            models.UniqueConstraint(
                fields=["service", "language"], name="directory_service_translation_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service_id} [{self.language}]"
