"""Providers behind one small interface: send, find by reference, and delivery status.

Email goes through Django's email framework; SMS and letters through GOV.UK Notify.
Every provider error is turned into TransientError (try again later) or PermanentError
(this channel will never work for this message).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notifications.models import OutboxMessage
    from notifications.rendering import Rendered


class ChannelError(Exception):
    pass


class TransientError(ChannelError):
    """A timeout, a dropped connection, a 5xx or a rate limit: worth another attempt."""


class PermanentError(ChannelError):
    """A 4xx or a refused recipient: retrying the same channel cannot help."""


@dataclass(frozen=True)
class Receipt:
    """A provider's word on a sent message. ``final`` is False while it is still on its way."""

    status: str
    delivered: bool = False
    failed: bool = False

    @property
    def final(self) -> bool:
        return self.delivered or self.failed


def send(*, message: OutboxMessage, rendered: Rendered) -> str:
    """Send through the message's channel; return the provider's id for it."""
    if message.channel == "email":
        from notifications.channels import email

        return email.send(message=message, rendered=rendered)
    from notifications.channels import notify

    return notify.send(message=message, rendered=rendered)


def find_sent(*, message: OutboxMessage) -> str | None:
    """The provider id of an earlier attempt that reached the provider, if it can tell."""
    if message.channel == "email":
        # SMTP cannot be asked; see docs/decisions/004-outbox.md.
        return None
    from notifications.channels import notify

    return notify.find_by_reference(reference=message.provider_reference)


def has_receipts(channel: str) -> bool:
    return channel != "email"


def receipt(*, message: OutboxMessage) -> Receipt:
    from notifications.channels import notify

    return notify.receipt(provider_id=message.provider_id)
