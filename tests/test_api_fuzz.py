"""Schemathesis fuzzes the referral API (/api/v1/) from the OpenAPI document drf-spectacular
generates (/api/schema/), through WSGI with no network, over referrals made through the
services, with valid tokens: no server errors, and every status code, content type and
body matches the document.

Requests carry a group's read-and-write token, except that making a referral (and every
third read) uses a professional's, so both kinds of token are exercised. Half the
requests about one referral are pointed at a referral that exists (generated ids almost
never do); the lifecycle moves then really happen, and later cases meet referrals in
every status, including 409s.

Together with tests/test_oruk_fuzz.py (at least 300 cases) this makes at least 500
generated cases across the two APIs in ``make test``.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from referrals.models import ApiTokenScope
from referrals.services.tokens import api_token_create
from tests.test_referrals_services import (  # noqa: F401 (the autouse fixture)
    _referral_test_settings,
    make_referral_personas,
    person,
    refer_professionally,
)

EXAMPLES_PER_OPERATION = 15
MINIMUM_CASES = 250
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
CASES: list[str] = []
STATUSES: Counter[int] = Counter()


def _document() -> dict:
    generated = SchemaGenerator(patterns=None).get_schema(request=None, public=True)
    # Through the renderer, as /api/schema/ serves it (lazy strings become plain ones).
    document = json.loads(OpenApiJsonRenderer().render(generated))
    document["paths"] = {
        path: item for path, item in document["paths"].items() if path.startswith("/api/v1/")
    }
    return document


schema = schemathesis.openapi.from_dict(_document())
schema.app = WSGIHandler()


class World:
    group_token = ""
    professional_token = ""
    referral_ids: list[int] = []


@pytest.fixture
def api_data(db):
    # As Django's test client does: the handler would otherwise close the test's
    # connection (and its transaction) at the end of each request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    p = make_referral_personas()
    World.referral_ids = [
        refer_professionally(p, person=person(name=f"Person {index}")).pk for index in range(8)
    ]
    write = ApiTokenScope.WRITE
    World.group_token = api_token_create(
        by=p.dev, name="fuzz", scope=write, organisation=p.group_a
    )[1]
    World.professional_token = api_token_create(by=p.priya, name="fuzz", scope=write)[1]
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _token_for(case) -> str:
    if case.method == "POST" and case.path == "/api/v1/referrals/":
        return World.professional_token
    if case.method == "GET" and len(CASES) % 3 == 0:
        return World.professional_token
    return World.group_token


@pytest.mark.slow
@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_referral_api_conforms_under_fuzzing(case, api_data):
    if case.path_parameters and "id" in case.path_parameters and len(CASES) % 2 == 0:
        ids = World.referral_ids
        case.path_parameters["id"] = ids[len(CASES) % len(ids)]
    CASES.append(f"{case.method} {case.path}")
    headers = {"Authorization": f"Bearer {_token_for(case)}"}
    response = case.call_and_validate(headers=headers, checks=CHECKS)
    STATUSES[response.status_code] += 1


def test_fuzzing_generated_enough_cases():
    """Runs after the fuzz tests in this module (pytest keeps file order)."""
    if not CASES:
        pytest.skip("the fuzz tests were deselected")
    print(f"{len(CASES)} fuzzed requests, by status: {dict(sorted(STATUSES.items()))}")
    assert len(CASES) >= MINIMUM_CASES, len(CASES)
    operations = {
        f"{method.upper()} {path}"
        for path, item in schema.raw_schema["paths"].items()
        for method in item
    }
    # Besides the documented operations, schemathesis also tries undocumented methods
    # (405s) and requests without valid authentication (401s).
    assert operations <= set(CASES)
