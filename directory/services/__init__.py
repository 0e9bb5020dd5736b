"""Writes to the directory's listings. Views, tasks and commands call only these."""

from directory.services.changes import change_approve, change_propose, change_reject
from directory.services.errors import ChangeConflict, InvitationError, ListingError, NotPending
from directory.services.feedback import (
    listing_report_create,
    queue_item_close,
    suggestion_create,
)
from directory.services.listings import (
    StalenessRun,
    listing_reminder_record,
    listings_staleness_run,
    service_capacity_set,
    service_checked_on,
    service_confirm,
    service_is_possibly_out_of_date,
)
from directory.services.memberships import (
    claim_approve,
    claim_reject,
    claim_request_create,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    membership_add,
    membership_remove,
)

__all__ = [
    "ChangeConflict",
    "InvitationError",
    "ListingError",
    "NotPending",
    "StalenessRun",
    "change_approve",
    "change_propose",
    "change_reject",
    "claim_approve",
    "claim_reject",
    "claim_request_create",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "listing_reminder_record",
    "listing_report_create",
    "listings_staleness_run",
    "membership_add",
    "membership_remove",
    "queue_item_close",
    "service_capacity_set",
    "service_checked_on",
    "service_confirm",
    "service_is_possibly_out_of_date",
    "suggestion_create",
]
