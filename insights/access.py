"""Who may see which figures.

The dashboard for the whole platform is for curators, site admins and commissioners.
Commissioners are people in the Django group named ``COMMISSIONERS_GROUP`` (accounts is not
this app's, so the role is a group rather than a flag on the user). An organisation's own
dashboard is for its members; only its admins may publish it on a transparency page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import Group
from django.http import HttpRequest, HttpResponse

from accounts.access import forbidden, mfa_redirect, user_is_curator

COMMISSIONERS_GROUP = "commissioners"


def commissioners_group() -> Group:
    """The commissioners' group, made the first time it is needed (admins add people to it)."""
    group, _created = Group.objects.get_or_create(name=COMMISSIONERS_GROUP)
    return group


def user_is_commissioner(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.groups.filter(name=COMMISSIONERS_GROUP).exists()
    )


def user_can_see_dashboard(user) -> bool:
    """Curators, site admins and commissioners see the platform-wide dashboard."""
    return user_is_curator(user) or user_is_commissioner(user)


def dashboard_required(view: Callable) -> Callable:
    """Signed in with a second factor, and allowed to see the platform-wide dashboard (403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        redirect = mfa_redirect(request)
        if redirect is not None:
            return redirect
        if not user_can_see_dashboard(request.user):
            return forbidden(request)
        return view(request, *args, **kwargs)

    return wrapper
