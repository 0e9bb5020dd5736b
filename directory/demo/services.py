"""Write the demo directory and demo users to the database."""

from __future__ import annotations

from typing import TextIO

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone

from directory import models as m
from directory.demo import DEMO_PASSWORD, DEMO_USERS
from directory.demo.build import Plan, directory_plan
from directory.demo.translations import demo_translations_load
from directory.models.membership import MembershipRole
from directory.services.memberships import membership_add

# Parents first. Rows of these models hang off a demo record through the foreign keys listed;
# such rows that the demo data no longer contains are deleted, so a reload leaves exactly the
# demo data. Organisations, locations and services are never deleted by a reload: referrals
# and memberships added on a demo site may point at them.
SYNC_ORDER: tuple[tuple[type[Model], tuple[str, ...]], ...] = (
    (m.Organisation, ()),
    (m.OrganisationIdentifier, ("organisation",)),
    (m.Location, ()),
    (m.Address, ("location",)),
    (m.Accessibility, ("location",)),
    (m.Service, ()),
    (m.Attribute, ("service",)),
    (m.Schedule, ("service",)),
    (m.Language, ("service", "location")),
    (m.ServiceArea, ("service",)),
    (m.Contact, ("service", "organisation")),
    (m.Phone, ("service", "location", "contact")),
    (m.CostOption, ("service",)),
    (m.Funding, ("service",)),
    (m.ServiceAtLocation, ("service",)),
)
PARENT_MODELS = {
    "organisation": m.Organisation,
    "location": m.Location,
    "service": m.Service,
    "contact": m.Contact,
}


@transaction.atomic
def demo_load(*, stdout: TextIO | None = None) -> dict[str, int]:
    """Create or update the demo directory and users; safe to run any number of times.

    Returns how many rows of each model the demo data holds.
    """
    plan = directory_plan(today=timezone.localdate())
    existing = {model: _existing(model, plan, parents) for model, parents in SYNC_ORDER}
    changes = {"created": 0, "updated": 0, "deleted": 0}
    for model, _parents in reversed(SYNC_ORDER):
        changes["deleted"] += _delete_stale(model, plan[model], existing[model])
    for model, _parents in SYNC_ORDER:
        created, updated = _write(model, plan[model], existing[model])
        changes["created"] += created
        changes["updated"] += updated
    counts = {model._meta.model_name: len(plan[model]) for model, _ in SYNC_ORDER}
    counts["translation"] = demo_translations_load()
    counts["user"] = demo_users_load()
    if stdout is not None:
        stdout.write(
            "Demo data: {created} rows created, {updated} updated, {deleted} deleted.\n".format(
                **changes
            )
        )
    return counts


def demo_users_load() -> int:
    """Create the demo personas; a password is set only when a user is new or has none."""
    user_model = get_user_model()
    password_hash = ""
    for demo in DEMO_USERS:
        user, created = user_model.objects.update_or_create(
            username=demo.username,
            defaults={
                "email": demo.email,
                "display_name": demo.display_name,
                "is_staff": demo.is_staff,
                "is_superuser": demo.is_superuser,
                "is_curator": demo.is_curator,
                "professional_status": "approved" if demo.job_title else "",
                "job_title": demo.job_title,
                "employer": demo.employer,
                "work_email": demo.email if demo.job_title else "",
            },
        )
        # Hashing is deliberately slow: hash once per load (the password is shared and
        # published anyway), and only for users who are new or have no password.
        if created or not user.has_usable_password():
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user.password = password_hash
            user.save(update_fields=["password"])
        if demo.organisation:
            # Dev and Grace look after their groups' listings and answer their referrals.
            membership_add(
                organisation=m.Organisation.objects.get(pk=demo.organisation),
                user=user,
                role=MembershipRole.ADMIN,
            )
    return len(DEMO_USERS)


def _existing(model: type[Model], plan: Plan, parents: tuple[str, ...]) -> dict:
    scope = Q(pk__in=[obj.pk for obj in plan[model]])
    for fk in parents:
        scope |= Q(**{f"{fk}_id__in": [obj.pk for obj in plan[PARENT_MODELS[fk]]]})
    return {obj.pk: obj for obj in model._base_manager.filter(scope)}


def _delete_stale(model: type[Model], desired: list[Model], existing: dict) -> int:
    wanted = {obj.pk for obj in desired}
    stale = [pk for pk in existing if pk not in wanted]
    if stale:
        model._base_manager.filter(pk__in=stale).delete()
    return len(stale)


def _compared_fields(model: type[Model]) -> list[str]:
    """The fields the demo data sets: not the id, timestamps or trigger-maintained columns
    (all of which are ``editable=False``)."""
    return [f.attname for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def _write(model: type[Model], desired: list[Model], existing: dict) -> tuple[int, int]:
    fields = _compared_fields(model)
    new = [obj for obj in desired if obj.pk not in existing]
    changed = [
        obj
        for obj in desired
        if obj.pk in existing
        and any(getattr(obj, f) != getattr(existing[obj.pk], f) for f in fields)
    ]
    if new:
        model._base_manager.bulk_create(new)
    if changed:
        update_fields = list(fields)
        if any(f.attname == "last_modified" for f in model._meta.concrete_fields):
            now = timezone.now()
            for obj in changed:
                obj.last_modified = now
            update_fields.append("last_modified")
        model._base_manager.bulk_update(changed, update_fields)
    return len(new), len(changed)
