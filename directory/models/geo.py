from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PostcodeDistrict(models.Model):
    """Centroid of an outward code such as 'SW9' (open data; see data/geo/README.md)."""

    outward_code = models.CharField(max_length=4, primary_key=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    local_authority_name = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=50, blank=True)

    class Meta:
        verbose_name = _("postcode district")

    def __str__(self) -> str:
        return self.outward_code


class Postcode(models.Model):
    """A full postcode with its centroid, local authority, 2011 LSOA and IMD 2019 rank."""

    postcode = models.CharField(max_length=8, primary_key=True, help_text="e.g. 'WN1 1AA'")
    latitude = models.FloatField()
    longitude = models.FloatField()
    local_authority_code = models.CharField(max_length=9, blank=True)
    local_authority_name = models.CharField(max_length=100, blank=True)
    lsoa11 = models.CharField(max_length=9, blank=True)
    imd_rank = models.PositiveIntegerField(null=True, blank=True)
    imd_decile = models.PositiveSmallIntegerField(null=True, blank=True)
    is_live = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("postcode")

    def __str__(self) -> str:
        return self.postcode
