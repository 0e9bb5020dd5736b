"""Email through Django's email framework (settings EMAIL_*)."""

from __future__ import annotations

import hashlib
import smtplib
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from notifications.channels import PermanentError, TransientError

if TYPE_CHECKING:
    from notifications.models import OutboxMessage
    from notifications.rendering import Rendered


def message_id(*, key: str) -> str:
    """A Message-ID derived from the idempotency key: if a crash ever makes the worker send
    twice, mail clients show one message."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    return f"<{digest}@{domain}>"


def send(*, message: OutboxMessage, rendered: Rendered) -> str:
    mid = message_id(key=message.provider_reference)
    mail = EmailMessage(
        subject=rendered.subject,
        body=rendered.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.email],
        headers={"Message-ID": mid},
        connection=get_connection(timeout=settings.NOTIFICATIONS_EMAIL_TIMEOUT),
    )
    try:
        mail.send()
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
        raise PermanentError(f"email refused: {exc.__class__.__name__}") from exc
    except smtplib.SMTPResponseException as exc:
        # 5xx replies are permanent by SMTP's own rules; 4xx ask to try again later.
        error = PermanentError if exc.smtp_code >= 500 else TransientError
        raise error(f"SMTP {exc.smtp_code}") from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise TransientError(f"email not sent: {exc.__class__.__name__}") from exc
    return mid
