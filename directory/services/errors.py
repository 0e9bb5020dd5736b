from __future__ import annotations


class ListingError(Exception):
    """A request the rules refuse; the message is shown to the person as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ChangeConflict(ListingError):
    """The record changed after the edit was proposed."""


class NotPending(ListingError):
    """The item was already dealt with."""


class InvitationError(ListingError):
    pass
