"""Schemathesis fuzzes /oruk/ from its OpenAPI document (the ORUK 3.0 UK profile's own,
kept locally, plus this API's documented additions), through WSGI with no network, over a
directory of factory data: no server errors, and every response matches its schema."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from directory.oruk.schemas import oruk_openapi
from tests.factories import ServiceFactory
from tests.test_oruk_api import full_service

EXAMPLES_PER_OPERATION = 45
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CASES: list[str] = []


def _document() -> dict:
    document = oruk_openapi()
    document["servers"] = [{"url": "/oruk"}]
    return document


schema = schemathesis.openapi.from_dict(_document())
schema.app = WSGIHandler()


@pytest.fixture
def oruk_data(db, settings):
    # As Django's test client does: the handler would otherwise close the test's
    # connection (and its transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings.LISTINGS_FLAG_AFTER_DAYS = 100_000
    settings.LISTINGS_HIDE_AFTER_DAYS = 100_000
    full_service()
    for index in range(3):
        ServiceFactory(name=f"Group {index}", minimum_age=index * 10)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_oruk_api_conforms_under_fuzzing(case, oruk_data):
    CASES.append(case.path)
    case.call_and_validate(checks=CHECKS)


def test_fuzzing_generated_enough_cases():
    """Runs after the fuzz tests in this module (pytest keeps file order)."""
    if not CASES:
        pytest.skip("the fuzz tests were deselected")
    print(f"{len(CASES)} fuzzed requests")
    assert len(CASES) >= 300, len(CASES)
    assert len(set(CASES)) == len(schema.raw_schema["paths"])
