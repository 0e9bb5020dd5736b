"""Who a message goes to: every contact the person allowed, so a fallback channel can be used."""

from __future__ import annotations

from dataclasses import dataclass, field

from notifications.models import Channel


@dataclass(frozen=True)
class Recipient:
    name: str = ""
    phone_number: str = ""
    email: str = ""
    # Lines of the postal address without the postcode (Notify wants 2 to 6 of them with it).
    address_lines: tuple[str, ...] = field(default_factory=tuple)
    postcode: str = ""

    def can_receive(self, channel: str) -> bool:
        if channel == Channel.SMS:
            return bool(self.phone_number.strip())
        if channel == Channel.EMAIL:
            return bool(self.email.strip())
        if channel == Channel.LETTER:
            lines = [line for line in self.address_lines if line.strip()]
            return bool(self.name.strip() and lines and self.postcode.strip())
        return False

    def as_fields(self) -> dict[str, object]:
        """The OutboxMessage fields that hold this recipient."""
        return {
            "recipient_name": self.name.strip(),
            "phone_number": self.phone_number.strip(),
            "email": self.email.strip(),
            "address_lines": [line.strip() for line in self.address_lines if line.strip()],
            "postcode": self.postcode.strip().upper(),
        }
