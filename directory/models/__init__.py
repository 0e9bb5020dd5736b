"""Directory records shaped after Open Referral UK 3.0, plus this project's own fields."""

from directory.models.choices import (
    AccessMode,
    CapacityStatus,
    Gender,
    LedBy,
    LocationType,
    ReferralRoute,
    ScheduleFrequency,
    ServiceStatus,
)
from directory.models.geo import Postcode, PostcodeDistrict
from directory.models.imports import ImportedService, TermReviewStatus, UnknownTaxonomyTerm
from directory.models.locations import Accessibility, Address, Location, ServiceAtLocation
from directory.models.membership import (
    ClaimRequest,
    ClaimStatus,
    Invitation,
    MembershipRole,
    OrganisationMembership,
)
from directory.models.moderation import (
    ChangeStatus,
    ListingReminder,
    ListingReport,
    PendingChange,
    QueueStatus,
    Suggestion,
)
from directory.models.organisations import Organisation, OrganisationIdentifier
from directory.models.search import ContentVersion, Synonym
from directory.models.services import (
    Contact,
    CostOption,
    Funding,
    Language,
    Phone,
    Schedule,
    Service,
    ServiceArea,
)
from directory.models.taxonomy import Attribute, Taxonomy, TaxonomyTerm, term_uuid
from directory.models.translations import OrganisationTranslation, ServiceTranslation

__all__ = [
    "OrganisationTranslation",
    "ServiceTranslation",
    "ChangeStatus",
    "ClaimRequest",
    "ClaimStatus",
    "Invitation",
    "ListingReminder",
    "ListingReport",
    "MembershipRole",
    "OrganisationMembership",
    "PendingChange",
    "QueueStatus",
    "Suggestion",
    "ImportedService",
    "TermReviewStatus",
    "UnknownTaxonomyTerm",
    "AccessMode",
    "Accessibility",
    "Address",
    "Attribute",
    "CapacityStatus",
    "Contact",
    "CostOption",
    "Funding",
    "Gender",
    "Language",
    "LedBy",
    "Location",
    "LocationType",
    "Organisation",
    "OrganisationIdentifier",
    "Phone",
    "Postcode",
    "PostcodeDistrict",
    "ReferralRoute",
    "Schedule",
    "ScheduleFrequency",
    "Service",
    "ServiceArea",
    "ServiceAtLocation",
    "ServiceStatus",
    "Synonym",
    "ContentVersion",
    "Taxonomy",
    "TaxonomyTerm",
    "term_uuid",
]
