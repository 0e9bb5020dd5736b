"""The translation catalogues under locale/: what is translated, and how far it is checked.

Read by the curators' translations page and by the test that keeps public pages fully
translated (tests/test_i18n_catalogues.py). A small reader of the gettext .po format
rather than a dependency: only entries, flags, references and the header are needed.
"""

from __future__ import annotations

import ast
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

# Source files whose strings the public sees. Every message used in one of these must be
# translated (and not fuzzy) in every language (docs/translating.md).
PUBLIC_SOURCES: tuple[str, ...] = (
    "templates/base.html",
    "templates/404.html",
    "templates/500.html",
    "templates/includes/*",
    "templates/pages/*",
    "templates/directory/home.html",
    "templates/directory/search.html",
    "templates/directory/service_detail.html",
    "templates/directory/organisation_detail.html",
    "templates/directory/suggest.html",
    "templates/directory/report.html",
    "templates/directory/public_form_thanks.html",
    "templates/directory/send_details.html",
    "templates/directory/send_details_sent.html",
    "templates/directory/includes/*",
    "directory/models/choices.py",
    "directory/templatetags/directory_format.py",
    "directory/search/filters.py",
    "directory/forms_public.py",
    "directory/postcodes.py",
    "directory/vocabulary.py",
    # Referring yourself or a friend, the private status page and the one-tap follow-ups.
    "templates/referrals/start.html",
    "templates/referrals/refer_form.html",
    "templates/referrals/_person_fields.html",
    "templates/referrals/_history.html",
    "templates/referrals/_status_tag.html",
    "templates/referrals/sent.html",
    "templates/referrals/status.html",
    "templates/referrals/status_withdraw.html",
    "templates/referrals/followups/*",
    "referrals/forms.py",
    "referrals/forms_followups.py",
    "referrals/views_pages.py",
    "referrals/views_followups.py",
    "referrals/models/choices.py",
    "referrals/models/followups.py",
    "referrals/services/consent.py",
    "referrals/services/create.py",
    "referrals/services/errors.py",
    "referrals/services/ratelimit.py",
    "referrals/services/eligibility.py",
    # The messages people receive (those to group members and staff stay English).
    "templates/notifications/checkin/*",
    "templates/notifications/followup_checkin/*",
    "templates/notifications/followup_experience/*",
    "templates/notifications/followup_help/*",
    "templates/notifications/referral_peer_confirm/*",
    "templates/notifications/referral_status/*",
    "templates/notifications/referral_status_link/*",
    "templates/notifications/service_details/*",
    # The equality questions and the public transparency pages.
    "templates/insights/monitoring/questions.html",
    "templates/insights/monitoring/done.html",
    "templates/insights/monitoring/withdraw.html",
    "templates/insights/transparency/*",
    "templates/insights/_table.html",
    "templates/insights/_disclosure_note.html",
    "insights/choices.py",
    "insights/forms_monitoring.py",
    "insights/views_monitoring.py",
    "insights/views_public.py",
    "insights/templatetags/insights_tags.py",
    "insights/figures.py",
)

# The header field that records how far a catalogue has been checked.
REVIEW_STATE_HEADER = "X-Review-State"


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    references: list[str] = field(default_factory=list)
    obsolete: bool = False

    @property
    def is_translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    @property
    def is_fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_done(self) -> bool:
        return self.is_translated and not self.is_fuzzy

    def is_public(self, patterns: tuple[str, ...] = PUBLIC_SOURCES) -> bool:
        paths = [ref.rsplit(":", 1)[0] for ref in self.references]
        return any(fnmatch.fnmatch(p, pattern) for p in paths for pattern in patterns)


@dataclass
class Catalogue:
    language: str
    path: Path
    headers: dict[str, str]
    entries: list[Entry]

    @property
    def review_state(self) -> str:
        return self.headers.get(REVIEW_STATE_HEADER, "")

    @property
    def messages(self) -> list[Entry]:
        return [e for e in self.entries if e.msgid and not e.obsolete]

    def percent_done(self, public_only: bool = False) -> int:
        entries = [e for e in self.messages if not public_only or e.is_public()]
        if not entries:
            return 100
        return int(100 * sum(e.is_done for e in entries) / len(entries))


def _unquote(text: str) -> str:
    return ast.literal_eval(text.strip()) if text.strip() else ""


def parse_po(path: Path, language: str = "") -> Catalogue:
    entries: list[Entry] = []
    entry = Entry()
    key: tuple[str, int] | None = None

    def finish():
        nonlocal entry, key
        if entry.msgid or entry.msgstr:
            entries.append(entry)
        entry, key = Entry(), None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            finish()
            continue
        if line.startswith("#~"):
            entry.obsolete = True
            line = line[2:].strip()
            if not line:
                continue
        elif line.startswith("#,"):
            entry.flags.update(f.strip() for f in line[2:].split(","))
            continue
        elif line.startswith("#:"):
            entry.references.extend(line[2:].split())
            continue
        elif line.startswith("#"):
            continue
        if line.startswith('"'):
            if key is not None:
                _append(entry, key, _unquote(line))
            continue
        word, _space, rest = line.partition(" ")
        if word == "msgctxt":
            if entry.msgid or entry.msgstr:
                finish()
            key = ("msgctxt", 0)
        elif word == "msgid":
            if entry.msgstr:
                finish()
            key = ("msgid", 0)
        elif word == "msgid_plural":
            key = ("msgid_plural", 0)
        elif word.startswith("msgstr"):
            index = int(word[7:-1]) if "[" in word else 0
            key = ("msgstr", index)
            entry.msgstr.setdefault(index, "")
        else:
            continue
        _append(entry, key, _unquote(rest))
    finish()

    headers: dict[str, str] = {}
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    if header is not None:
        for row in header.msgstr.get(0, "").splitlines():
            name, _colon, value = row.partition(":")
            if name:
                headers[name.strip()] = value.strip()
    return Catalogue(language=language, path=path, headers=headers, entries=entries)


def _append(entry: Entry, key: tuple[str, int], text: str) -> None:
    name, index = key
    if name == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + text
    elif name == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + text
    else:
        setattr(entry, name, getattr(entry, name) + text)


def catalogue_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def catalogues() -> list[Catalogue]:
    """Every translated language's catalogue (English is the source and has none)."""
    found = []
    for code, _name in settings.LANGUAGES:
        path = catalogue_path(code)
        if path.exists():
            found.append(parse_po(path, code))
    return found
