"""Emails the listing workflows send, through Django's email framework after commit.

The notification layer will take these over; until then a failure to send is logged and
never undoes the change that caused it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


def mail_after_commit(*, to: Iterable[str], subject: str, body: str) -> None:
    recipients = sorted({address for address in to if address})
    if not recipients:
        return

    def send() -> None:
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        except Exception:
            logger.exception("Could not send %r to %d recipient(s)", subject, len(recipients))

    transaction.on_commit(send)
