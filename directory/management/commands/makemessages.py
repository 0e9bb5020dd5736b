"""``makemessages`` without fuzzy guesses: a translation guessed from a similar string is
more often wrong than right, and a fuzzy entry hides that a string is untranslated.
See docs/translating.md."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
