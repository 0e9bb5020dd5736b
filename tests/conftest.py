from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _postcode_caches():
    """Postcode lookups cache districts per process; never let one test's data leak."""
    from directory.postcodes import lookup_caches_clear

    lookup_caches_clear()
    yield
    lookup_caches_clear()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """A request for a page in another language leaves that language active in the thread
    (LocaleMiddleware activates, nothing deactivates), and reverse() would then prefix
    every later test's URLs with it. Each test starts, and ends, in the default language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Personas are made with passwords in almost every test; the production hasher
    (PBKDF2, ~870,000 iterations) took about half a second a user. Tests only need a
    password to check, not to resist cracking. Set for the whole run, so the live
    server's threads in browser tests use it too."""
    from django.test import override_settings

    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    fast.enable()
    yield
    fast.disable()
