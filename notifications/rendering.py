"""Message texts live in templates/notifications/<template>/ and are rendered at send time.

Each template has one file per part: ``sms.txt``, ``email_subject.txt``, ``email_body.txt``,
``letter.txt``. Texts are marked for translation ({% translate %} / {% blocktranslate %})
and rendered in the message's language; a language may also have whole files of its own
in ``<template>/<language>/`` when a sentence-by-sentence translation reads badly. Anything
missing falls back to English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.template import Context, loader
from django.utils import translation

PARTS = {
    "sms": ("sms",),
    "email": ("email_subject", "email_body"),
    "letter": ("letter",),
}


@dataclass(frozen=True)
class Rendered:
    body: str
    subject: str = ""


def _names(*, template: str, part: str, language: str) -> list[str]:
    languages = [language.lower()]
    if "-" in language:
        languages.append(language.split("-")[0].lower())
    names = [f"notifications/{template}/{lang}/{part}.txt" for lang in languages]
    return [*names, f"notifications/{template}/{part}.txt"]


def _render_part(*, template: str, part: str, language: str, context: dict) -> str:
    chosen = loader.select_template(_names(template=template, part=part, language=language))
    # Plain text: no HTML escaping (an apostrophe must stay an apostrophe in a text message).
    text = chosen.template.render(Context(context, autoescape=False))
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def message_render(*, template: str, channel: str, language: str, context: dict) -> Rendered:
    """Render a message's text for one channel in the message's language."""
    context = {"site_name": settings.SITE_NAME, **context}
    with translation.override(language):
        parts = {
            part: _render_part(template=template, part=part, language=language, context=context)
            for part in PARTS[channel]
        }
    if channel == "email":
        return Rendered(subject=" ".join(parts["email_subject"].split()), body=parts["email_body"])
    return Rendered(body=parts[channel])
