"""Reads of the directory. Views, the API and commands fetch through these."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import BooleanField, Case, F, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from directory.models import (
    ChangeStatus,
    ClaimRequest,
    ClaimStatus,
    ContentVersion,
    Invitation,
    Language,
    ListingReport,
    MembershipRole,
    Organisation,
    OrganisationMembership,
    PendingChange,
    QueueStatus,
    Service,
    ServiceStatus,
    Suggestion,
    Taxonomy,
    TaxonomyTerm,
)


def listing_checked_before(*, days: int, today: dt.date | None = None) -> Q:
    """Services last confirmed more than ``days`` before ``today``; never-confirmed ones
    count from the day they were created."""
    cutoff, start_of_cutoff = _cutoff(days, today)
    return Q(assured_date__lt=cutoff) | Q(assured_date__isnull=True, created_at__lt=start_of_cutoff)


def listing_checked_within(*, days: int, today: dt.date | None = None) -> Q:
    """The opposite of ``listing_checked_before``, written positively so NULLs match."""
    cutoff, start_of_cutoff = _cutoff(days, today)
    return Q(assured_date__gte=cutoff) | Q(
        assured_date__isnull=True, created_at__gte=start_of_cutoff
    )


def _cutoff(days: int, today: dt.date | None) -> tuple[dt.date, dt.datetime]:
    cutoff = (today or timezone.localdate()) - dt.timedelta(days=days)
    return cutoff, dt.datetime.combine(cutoff, dt.time.min, tzinfo=timezone.get_current_timezone())


def services_public(*, today: dt.date | None = None) -> QuerySet[Service]:
    """Services the public may see: active ones confirmed (or created) within
    LISTINGS_HIDE_AFTER_DAYS, annotated ``possibly_out_of_date`` once past
    LISTINGS_FLAG_AFTER_DAYS. Search, pages and the API all start here, so all obey."""
    flagged = listing_checked_before(days=settings.LISTINGS_FLAG_AFTER_DAYS, today=today)
    return (
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .filter(listing_checked_within(days=settings.LISTINGS_HIDE_AFTER_DAYS, today=today))
        .annotate(
            possibly_out_of_date=Case(
                When(flagged, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
    )


def service_get_public(pk) -> Service:
    return get_object_or_404(
        services_public()
        .select_related("organisation")
        .prefetch_related(
            "terms__taxonomy",
            "languages",
            "schedules",
            "cost_options",
            "phones",
            "service_areas",
            "service_at_locations__location__addresses",
            "service_at_locations__location__accessibility",
            "service_at_locations__schedules",
        ),
        pk=pk,
    )


def organisation_get_public(pk) -> Organisation:
    return get_object_or_404(Organisation.objects.all(), pk=pk)


def organisation_services_public(organisation: Organisation) -> QuerySet[Service]:
    return services_public().filter(organisation=organisation)


def directory_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "services": services_public().count(),
    }


def service_types_public() -> QuerySet[TaxonomyTerm]:
    """The service types, in their curated order, for browsing links on the home page."""
    return TaxonomyTerm.objects.filter(taxonomy__slug=Taxonomy.SERVICE_TYPES)


def languages_in_use() -> list[tuple[str, str]]:
    """(code, name) of the languages public services work in, for the language filter."""
    rows = (
        Language.objects.filter(service__in=services_public())
        .values_list("code", "name")
        .order_by("name")
        .distinct()
    )
    seen: dict[str, str] = {}
    for code, name in rows:
        seen.setdefault(code.lower(), name)
    return sorted(seen.items(), key=lambda item: item[1])


def directory_content_version() -> int | None:
    """The directory's content version (bumped by triggers on every write), or None when
    its row is missing (e.g. a test database just flushed)."""
    return ContentVersion.objects.filter(pk=1).values_list("version", flat=True).first()


def languages_in_use_cached() -> list[tuple[str, str]]:
    """``languages_in_use`` cached until the directory changes."""
    from django.core.cache import cache

    version = directory_content_version()
    if version is None:
        return languages_in_use()
    return cache.get_or_set(f"languages-in-use:{version}", languages_in_use, 3600)


# --- Group workspaces: every fetch is scoped to the person's memberships (404 otherwise) ---


def organisations_for_member(user) -> QuerySet[Organisation]:
    if not getattr(user, "is_authenticated", False):
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()


def membership_get(user, organisation_pk) -> OrganisationMembership:
    """The person's membership of the organisation, or 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    return get_object_or_404(
        OrganisationMembership.objects.select_related("organisation"),
        user=user,
        organisation_id=organisation_pk,
    )


def organisation_get_for_member(user, pk) -> Organisation:
    return membership_get(user, pk).organisation


def organisation_get_for_admin(user, pk) -> Organisation:
    membership = membership_get(user, pk)
    if not membership.is_admin:
        raise Http404
    return membership.organisation


def service_get_for_member(user, pk) -> Service:
    """Any service (even hidden or inactive) of an organisation the person belongs to."""
    return get_object_or_404(
        Service.objects.select_related("organisation").filter(
            organisation__in=organisations_for_member(user)
        ),
        pk=pk,
    )


def services_for_organisation(organisation: Organisation) -> QuerySet[Service]:
    flagged = listing_checked_before(days=settings.LISTINGS_FLAG_AFTER_DAYS)
    hidden = listing_checked_before(days=settings.LISTINGS_HIDE_AFTER_DAYS)
    return (
        Service.objects.filter(organisation=organisation)
        .annotate(
            possibly_out_of_date=Case(
                When(flagged, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            hidden_as_stale=Case(
                When(hidden, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
        )
        .order_by("name")
    )


def pending_change_get_for_member(user, pk) -> PendingChange:
    return get_object_or_404(
        PendingChange.objects.select_related("organisation", "service", "submitted_by").filter(
            organisation__in=organisations_for_member(user)
        ),
        pk=pk,
    )


def changes_for_organisation(organisation: Organisation) -> QuerySet[PendingChange]:
    return (
        PendingChange.objects.filter(organisation=organisation)
        .select_related("service", "submitted_by", "reviewed_by")
        .order_by("-submitted_at")
    )


def memberships_for_organisation(organisation: Organisation) -> QuerySet[OrganisationMembership]:
    return OrganisationMembership.objects.filter(organisation=organisation).select_related("user")


def membership_get_for_admin(user, pk) -> OrganisationMembership:
    """A membership of an organisation the person is an admin of, or 404."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    admin_of = OrganisationMembership.objects.filter(user=user, role=MembershipRole.ADMIN)
    return get_object_or_404(
        OrganisationMembership.objects.select_related("organisation", "user").filter(
            organisation_id__in=admin_of.values("organisation_id")
        ),
        pk=pk,
    )


def invitations_open_for_organisation(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    )


def invitation_get_for_admin(user, pk) -> Invitation:
    if not getattr(user, "is_authenticated", False):
        raise Http404
    admin_of = OrganisationMembership.objects.filter(user=user, role=MembershipRole.ADMIN)
    return get_object_or_404(
        Invitation.objects.filter(organisation_id__in=admin_of.values("organisation_id")), pk=pk
    )


def organisation_is_claimed(organisation: Organisation) -> bool:
    return organisation.memberships.exists()


# --- Curators: each fetch checks the role again, so no view can forget it -------------


def _require_curator(user) -> None:
    from accounts.access import user_is_curator

    if not user_is_curator(user):
        raise Http404


def curator_queues(user) -> dict[str, QuerySet]:
    _require_curator(user)
    return {
        "changes": PendingChange.objects.filter(status=ChangeStatus.PENDING).select_related(
            "organisation", "service", "submitted_by"
        ),
        "claims": ClaimRequest.objects.filter(status=ClaimStatus.PENDING).select_related(
            "organisation", "user"
        ),
        "suggestions": Suggestion.objects.filter(status=QueueStatus.NEW),
        "reports": ListingReport.objects.filter(status=QueueStatus.NEW).select_related(
            "service__organisation"
        ),
        "stale": services_stale(user),
    }


def services_stale(user, *, today: dt.date | None = None) -> QuerySet[Service]:
    """Active services past the "may be out of date" threshold, oldest check first."""
    _require_curator(user)
    hidden = listing_checked_before(days=settings.LISTINGS_HIDE_AFTER_DAYS, today=today)
    return (
        Service.objects.filter(status=ServiceStatus.ACTIVE)
        .filter(listing_checked_before(days=settings.LISTINGS_FLAG_AFTER_DAYS, today=today))
        .annotate(
            hidden_as_stale=Case(
                When(hidden, then=Value(True)), default=Value(False), output_field=BooleanField()
            )
        )
        .select_related("organisation")
        .order_by(F("assured_date").asc(nulls_first=True), "created_at")
    )


def pending_change_get_for_curator(user, pk) -> PendingChange:
    _require_curator(user)
    return get_object_or_404(
        PendingChange.objects.select_related("organisation", "service", "submitted_by"), pk=pk
    )


def claim_get_for_curator(user, pk) -> ClaimRequest:
    _require_curator(user)
    return get_object_or_404(ClaimRequest.objects.select_related("organisation", "user"), pk=pk)


def suggestion_get_for_curator(user, pk) -> Suggestion:
    _require_curator(user)
    return get_object_or_404(Suggestion, pk=pk)


def report_get_for_curator(user, pk) -> ListingReport:
    _require_curator(user)
    return get_object_or_404(ListingReport.objects.select_related("service"), pk=pk)


def listing_history_for_curator(user, *, organisation_pk) -> dict:
    """The organisation's and its services' saved versions, newest first, with who saved
    each and what changed from the version before."""
    _require_curator(user)
    organisation = get_object_or_404(Organisation, pk=organisation_pk)
    records = [(organisation.name, organisation.history.select_related("history_user"))]
    for service in Service.objects.filter(organisation=organisation).order_by("name"):
        records.append((service.name, service.history.select_related("history_user")))
    entries = []
    for name, history in records:
        versions = list(history.order_by("-history_date")[:50])
        for newer, older in zip(versions, [*versions[1:], None], strict=True):
            changed = []
            if older is not None:
                delta = newer.diff_against(older)
                changed = [str(newer._meta.get_field(c.field).verbose_name) for c in delta.changes]
            entries.append({"record": name, "version": newer, "changed": changed})
    entries.sort(key=lambda entry: entry["version"].history_date, reverse=True)
    return {"organisation": organisation, "entries": entries}
