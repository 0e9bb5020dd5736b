"""Export the public directory as an ORUK 3.0 JSON array of fully nested services."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from directory.oruk import mapping
from directory.oruk.selectors import with_nested
from directory.selectors import services_public


def oruk_export_records() -> list[dict[str, Any]]:
    """Every public service, fully nested, in id order (so exports of the same data are
    byte-identical)."""
    services = with_nested(services_public()).order_by("pk")
    return [mapping.service_to_oruk(service) for service in services.iterator(chunk_size=200)]


def oruk_export_text(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def oruk_export(*, path: Path) -> int:
    """Write the export to ``path``; returns how many services were written."""
    records = oruk_export_records()
    path.write_text(oruk_export_text(records), encoding="utf-8")
    return len(records)
