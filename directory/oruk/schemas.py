"""The ORUK 3.0 JSON Schemas kept in ``directory/oruk_schema/`` and validators for them.

Every schema is registered under a ``file://`` URI of its local path, so the relative
``$ref``s between them resolve without any network access.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "oruk_schema"


def schema_uri(name: str) -> str:
    return (SCHEMA_DIR / name).as_uri()


@cache
def _load(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


@cache
def registry() -> Registry:
    """Every local schema, each under its own file URI."""
    resources = []
    for path in sorted(SCHEMA_DIR.rglob("*.json")):
        name = path.relative_to(SCHEMA_DIR).as_posix()
        if name == "openapi.json":
            continue
        resources.append((schema_uri(name), Resource(_load(name), specification=DRAFT202012)))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A Draft 2020-12 validator for a local schema, e.g. ``compiled/service.json``, that
    also checks formats (uuid, email, date-time…)."""
    return Draft202012Validator(
        {"$ref": schema_uri(name)}, registry=registry(), format_checker=FormatChecker()
    )


def errors(name: str, instance: Any) -> list[str]:
    """Schema errors as ``"$.path: message"`` lines, in document order (empty when valid)."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"{error.json_path}: {error.message}" for error in found]


PAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": [
        "total_items",
        "total_pages",
        "page_number",
        "size",
        "first_page",
        "last_page",
        "empty",
        "contents",
    ],
    "properties": {
        "total_items": {"type": "integer", "minimum": 0},
        "total_pages": {"type": "integer", "minimum": 0},
        "page_number": {"type": "integer", "minimum": 1},
        "size": {"type": "integer", "minimum": 0},
        "first_page": {"type": "boolean"},
        "last_page": {"type": "boolean"},
        "empty": {"type": "boolean"},
        "contents": {"type": "array"},
    },
}

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


def page_errors(item_schema: str, document: Any) -> list[str]:
    """Errors of a page envelope and of each of its items against ``item_schema``."""
    found = [
        f"{error.json_path}: {error.message}"
        for error in Draft202012Validator(PAGE_SCHEMA).iter_errors(document)
    ]
    for index, item in enumerate(document.get("contents") or []):
        found += [
            line.replace("$", f"$.contents[{index}]", 1) for line in errors(item_schema, item)
        ]
    return found


def _inline_refs(node: Any) -> Any:
    """Replace file references (``compiled/service.json``) by the schema itself, so the
    OpenAPI document stands alone; compiled schemas hold no further references."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            return _inline_refs(copy.deepcopy(_load(ref)))
        return {key: _inline_refs(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_inline_refs(value) for value in node]
    return node


def _error_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": ERROR_SCHEMA}}}


@cache
def _openapi() -> dict[str, Any]:
    document = _inline_refs(_load("openapi.json"))
    components = document["components"]
    components["parameters"]["proximity"]["schema"] = {"type": "integer", "minimum": 1}
    # Upstream types these as "time", which is not a JSON Schema type.
    for name in ("start_time", "end_time"):
        components["parameters"][name]["schema"] = {"type": "string", "format": "time"}
    extra_list_parameters = [
        {"$ref": "#/components/parameters/modified_after"},
    ]
    for path, item in document["paths"].items():
        operation = item["get"]
        responses = operation["responses"]
        if "{id}" in path:
            responses["404"] = _error_response("No public record has that id.")
        if operation.get("parameters"):
            responses["400"] = _error_response("A query parameter is not valid.")
        if path in ("/services", "/service_at_locations"):
            operation["parameters"] = operation["parameters"] + extra_list_parameters
        if path == "/services":
            operation["parameters"] += [
                {"$ref": "#/components/parameters/postcode"},
                {"$ref": "#/components/parameters/proximity"},
            ]
    components["parameters"]["modified_after"]["schema"] = {
        "type": "string",
        "format": "date-time",
    }
    return document


def oruk_openapi() -> dict[str, Any]:
    """The standard's OpenAPI document with this API's additions: 400/404 error bodies,
    ``modified_after`` on the lists, ``postcode``/``proximity`` on ``/services``,
    proximity typed as whole metres, and start/end times typed as strings (upstream's
    ``"type": "time"`` is not a JSON Schema type). A fresh copy each call."""
    return copy.deepcopy(_openapi())
