from __future__ import annotations

import uuid

from django.db import models


class OrukModel(models.Model):
    """Records that appear in Open Referral UK feeds carry a UUID as their ORUK id."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True
