"""The ORUK page envelope."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet


def page_envelope(
    records: QuerySet | Sequence,
    *,
    page: int,
    per_page: int,
    serialise: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    """One page of ``records`` as ORUK wants it. A page past the end is a valid, empty page
    (``empty`` true, ``size`` 0) rather than an error, as the ORUK validator expects."""
    total_items = records.count() if isinstance(records, QuerySet) else len(records)
    total_pages = math.ceil(total_items / per_page)
    start = (page - 1) * per_page
    contents = [serialise(record) for record in records[start : start + per_page]]
    return {
        "total_items": total_items,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }
