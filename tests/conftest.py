from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _postcode_caches():
    """Postcode lookups cache districts per process; never let one test's data leak."""
    from directory.postcodes import lookup_caches_clear

    lookup_caches_clear()
    yield
    lookup_caches_clear()
