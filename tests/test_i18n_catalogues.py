"""The catalogues under locale/ stay complete for public pages and valid for gettext.

The public set is ``directory.catalogues.PUBLIC_SOURCES`` (path globs). Referral journeys
join it when their translations are done (docs/translating.md).
"""

from __future__ import annotations

import filecmp
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from directory import catalogues

LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
NPLURALS = {"cy": 4, "pl": 3, "ur": 2, "pa": 2, "bn": 2, "so": 2, "ar": 6}
BASE = Path(settings.BASE_DIR)
# Not searched for strings (as scripts/i18n_update.sh ignores them).
SKIPPED_DIRS = {"locale", "node_modules", "var", "static", "bench", "tests", "docs"}
PLACEHOLDER = re.compile(r"%\([a-zA-Z_]+\)[sd]")


def unfinished_public(catalogue: catalogues.Catalogue) -> list[str]:
    return [entry.msgid for entry in catalogue.messages if entry.is_public() and not entry.is_done]


def test_every_language_has_a_catalogue():
    assert LANGUAGES == ["cy", "pl", "ur", "pa", "bn", "so", "ar"]
    for code in LANGUAGES:
        assert catalogues.catalogue_path(code).exists(), code


@pytest.mark.parametrize("code", LANGUAGES)
def test_public_strings_are_translated_and_not_fuzzy(code):
    catalogue = catalogues.parse_po(catalogues.catalogue_path(code), code)
    assert unfinished_public(catalogue) == []
    assert sum(e.is_public() for e in catalogue.messages) > 250


@pytest.mark.parametrize("code", LANGUAGES)
def test_header_records_review_state_and_plural_forms(code):
    headers = catalogues.parse_po(catalogues.catalogue_path(code), code).headers
    assert headers["X-Review-State"]
    assert headers["Language"] == code
    assert f"nplurals={NPLURALS[code]};" in headers["Plural-Forms"]


@pytest.mark.parametrize("code", LANGUAGES)
def test_translations_keep_their_placeholders(code):
    catalogue = catalogues.parse_po(catalogues.catalogue_path(code), code)
    for entry in catalogue.messages:
        if not entry.is_translated:
            continue
        allowed = set(PLACEHOLDER.findall(entry.msgid + entry.msgid_plural))
        for text in entry.msgstr.values():
            assert set(PLACEHOLDER.findall(text)) <= allowed, (entry.msgid, text)


@pytest.mark.parametrize("code", LANGUAGES)
def test_msgfmt_check_passes_and_the_committed_mo_is_current(code, tmp_path):
    po = catalogues.catalogue_path(code)
    mo = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)  # noqa: S603, S607
    assert filecmp.cmp(mo, po.with_suffix(".mo"), shallow=False), (
        f"{po.with_suffix('.mo')} is stale: run scripts/i18n_update.sh --compile"
    )


def test_every_public_source_glob_matches_a_file():
    for pattern in catalogues.PUBLIC_SOURCES:
        assert list(BASE.glob(pattern)), pattern


@pytest.mark.slow
def test_makemessages_finds_nothing_new_to_translate_on_public_pages(
    tmp_path, settings, monkeypatch
):
    """Re-extract every string from the source into a copy of the catalogues: a public
    string added without a translation fails here, not in front of a visitor."""
    # makemessages writes to the locale directory above each source file, so it runs in
    # a tree of links to the sources with its own copy of the catalogues.
    for item in BASE.iterdir():
        if item.is_dir() and item.name not in SKIPPED_DIRS and not item.name.startswith("."):
            (tmp_path / item.name).symlink_to(item)
    shutil.copytree(BASE / "locale", tmp_path / "locale")
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command(
        "makemessages",
        locale=LANGUAGES,
        no_obsolete=True,
        add_location="file",
        no_wrap=True,
        symlinks=True,
        verbosity=0,
    )
    for code in LANGUAGES:
        path = tmp_path / "locale" / code / "LC_MESSAGES" / "django.po"
        assert unfinished_public(catalogues.parse_po(path, code)) == [], code


def test_public_set_definition_covers_the_public_templates():
    entry = catalogues.Entry(msgid="x", references=["templates/directory/search.html"])
    assert entry.is_public()
    staff = catalogues.Entry(msgid="x", references=["templates/manage/home.html"])
    assert not staff.is_public()
