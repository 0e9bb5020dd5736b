"""SMS and letters through GOV.UK Notify, using "((body))" pass-through templates: the
project renders the text, Notify only delivers it. Template ids, key and base URL are
settings, so tests point the real client at a fake server on 127.0.0.1."""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from django.conf import settings
from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient

from notifications.channels import PermanentError, Receipt, TransientError

if TYPE_CHECKING:
    from notifications.models import OutboxMessage
    from notifications.rendering import Rendered

# Notify's own words for where a message is: https://docs.notifications.service.gov.uk/
DELIVERED = {"delivered", "received", "sent"}
FAILED = {
    "permanent-failure",
    "temporary-failure",
    "technical-failure",
    "validation-failed",
    "virus-scan-failed",
    "cancelled",
}
# Notify letters take up to 7 address lines; the last holds the postcode.
MAX_ADDRESS_LINES = 6

_local = threading.local()


def client() -> NotificationsAPIClient:
    """One client per thread (the client is not thread-safe) and per configuration."""
    if not settings.NOTIFY_API_KEY:
        raise TransientError("NOTIFY_API_KEY is not set")
    config = (settings.NOTIFY_API_KEY, settings.NOTIFY_BASE_URL, settings.NOTIFY_TIMEOUT)
    if getattr(_local, "config", None) != config:
        _local.client = NotificationsAPIClient(
            settings.NOTIFY_API_KEY,
            base_url=settings.NOTIFY_BASE_URL,
            timeout=settings.NOTIFY_TIMEOUT,
        )
        _local.config = config
    return _local.client


def _classified(exc: APIError) -> Exception:
    # The client reports timeouts and refused connections as 503, with no response.
    status = exc.status_code
    message = f"Notify {status}: {str(exc.message)[:300]}"
    if status >= 500 or status == 429:
        return TransientError(message)
    return PermanentError(message)


def _letter_personalisation(message: OutboxMessage, rendered: Rendered) -> dict[str, str]:
    lines = [message.recipient_name, *message.address_lines][:MAX_ADDRESS_LINES]
    fields = {f"address_line_{n}": line for n, line in enumerate(lines, start=1)}
    fields[f"address_line_{len(lines) + 1}"] = message.postcode
    return {**fields, "body": rendered.body}


def send(*, message: OutboxMessage, rendered: Rendered) -> str:
    api = client()
    try:
        if message.channel == "sms":
            response = api.send_sms_notification(
                phone_number=message.phone_number,
                template_id=settings.NOTIFY_TEMPLATE_ID_SMS,
                personalisation={"body": rendered.body},
                reference=message.provider_reference,
            )
        else:
            response = api.send_letter_notification(
                template_id=settings.NOTIFY_TEMPLATE_ID_LETTER,
                personalisation=_letter_personalisation(message, rendered),
                reference=message.provider_reference,
            )
    except APIError as exc:
        raise _classified(exc) from exc
    return str(response["id"])


def find_by_reference(*, reference: str) -> str | None:
    """Ask Notify whether a message with this reference already exists (an earlier attempt
    may have reached it before the worker died)."""
    try:
        found = client().get_all_notifications(reference=reference)
    except APIError as exc:
        raise _classified(exc) from exc
    notifications = [n for n in found.get("notifications", []) if n.get("reference") == reference]
    return str(notifications[0]["id"]) if notifications else None


def receipt(*, provider_id: str) -> Receipt:
    try:
        found = client().get_notification_by_id(provider_id)
    except APIError as exc:
        raise _classified(exc) from exc
    status = str(found.get("status", ""))
    return Receipt(status=status, delivered=status in DELIVERED, failed=status in FAILED)
