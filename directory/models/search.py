"""Curated search vocabulary: the words people use, mapped to the words listings use."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class Synonym(models.Model):
    """When a search contains ``phrase``, also look for each of ``alternatives``.

    Example: "job" → "employment, IPS, work". Matching ignores case; the phrase is stored
    lower-cased with single spaces (the admin form and the seed migration normalise it).
    """

    phrase = models.CharField(
        _("what people type"),
        max_length=100,
        help_text=_("A word or short phrase, e.g. 'job' or 'new mum'."),
    )
    alternatives = models.CharField(
        _("also search for"),
        max_length=500,
        help_text=_(
            "Separate alternatives with commas, e.g. 'employment, IPS'. "
            "Every word of one alternative must appear in a listing for it to match."
        ),
    )
    note = models.CharField(_("note for curators"), max_length=255, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["phrase"]
        verbose_name = _("search synonym")
        verbose_name_plural = _("search synonyms")
        constraints = [
            models.UniqueConstraint(Lower("phrase"), name="directory_synonym_phrase_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.phrase} → {self.alternatives}"

    @property
    def alternative_list(self) -> list[str]:
        return [a.strip() for a in self.alternatives.split(",") if a.strip()]


class ContentVersion(models.Model):
    """One row whose number goes up whenever any public directory table is written.

    Statement-level triggers (migration 0006) bump it on every INSERT, UPDATE, DELETE or
    COPY, however the write is made, so cached public pages can be keyed by it and are
    never stale: a capacity change shows in search at once.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)

    class Meta:
        verbose_name = "directory content version"

    def __str__(self) -> str:
        return str(self.version)
