"""Writes to accounts: sign-up and approval of professionals, disabling, MFA devices.

Views, the admin and management commands call these; none of them change users directly.
"""

from __future__ import annotations

import logging
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.access import user_is_curator
from accounts.models import AllowedEmailDomain, ProfessionalStatus, User, UserSession
from accounts.selectors import email_domain_is_allowed

logger = logging.getLogger(__name__)

CONFIRM_SALT = "accounts.professional_confirm"
EMAIL_CHANGE_SALT = "accounts.email_change"
RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class InvalidToken(Exception):
    """A confirmation link that is malformed, expired, already used or for another address."""


def _send(*, to: str, template: str, context: dict) -> None:
    context = {"SITE_NAME": settings.SITE_NAME, **context}
    subject = render_to_string(f"accounts/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"accounts/email/{template}.txt", context)
    send_mail(subject, body, None, [to])


def _absolute(site_url: str, path: str) -> str:
    return site_url.rstrip("/") + path


# --- Professionals ---------------------------------------------------------------------


def professional_sign_up(
    *,
    email: str,
    password: str,
    display_name: str,
    job_title: str,
    employer: str,
    site_url: str,
) -> User | None:
    """Create an inactive professional account and email a link to confirm the address.

    If the address already has an account, nothing is created: an unconfirmed account gets
    the link again, any other gets a note saying so. The page after sign-up is the same
    either way, so sign-up does not reveal who has an account. Returns the new user or None.
    """
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    existing = get_user_model().objects.filter(email__iexact=email).first()
    if existing is not None:
        _sign_up_repeated(user=existing, site_url=site_url)
        return None
    user = User(
        username=email,
        email=email,
        work_email=email,
        display_name=display_name.strip(),
        job_title=job_title.strip(),
        employer=employer.strip(),
        is_active=False,
        professional_status=ProfessionalStatus.PENDING_CONFIRMATION,
    )
    validate_password(password, user)
    user.set_password(password)
    with transaction.atomic():
        user.save()
    _send_confirmation(user=user, site_url=site_url)
    return user


def _sign_up_repeated(*, user: User, site_url: str) -> None:
    if user.professional_status == ProfessionalStatus.PENDING_CONFIRMATION:
        _send_confirmation(user=user, site_url=site_url)
    else:
        _send(
            to=user.email,
            template="account_exists",
            context={"user": user, "sign_in_url": _absolute(site_url, reverse("accounts:sign_in"))},
        )


def _send_confirmation(*, user: User, site_url: str) -> None:
    token = signing.dumps({"u": user.pk, "e": user.email}, salt=CONFIRM_SALT, compress=True)
    link = _absolute(site_url, reverse("accounts:confirm", kwargs={"token": token}))
    hours = settings.ACCOUNTS_CONFIRM_MAX_AGE // 3600
    _send(to=user.email, template="confirm", context={"user": user, "link": link, "hours": hours})


def _load(token: str, *, salt: str) -> dict:
    try:
        return signing.loads(token, salt=salt, max_age=settings.ACCOUNTS_CONFIRM_MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise InvalidToken(str(error)) from error


def professional_confirm_email(*, token: str) -> User:
    """Activate the account the link was sent for.

    The professional is approved at once if their work email's domain is on the
    allow-list; otherwise they wait for a curator. A link works once.
    """
    data = _load(token, salt=CONFIRM_SALT)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=data.get("u")).first()
        if (
            user is None
            or user.email != data.get("e")
            or user.professional_status != ProfessionalStatus.PENDING_CONFIRMATION
        ):
            raise InvalidToken("not waiting for this confirmation")
        now = timezone.now()
        user.is_active = True
        user.email_confirmed_at = now
        if email_domain_is_allowed(domain=user.work_email_domain):
            user.professional_status = ProfessionalStatus.APPROVED
            user.professional_decided_at = now
        else:
            user.professional_status = ProfessionalStatus.PENDING_APPROVAL
        user.save()
    return user


def _decide(*, user: User, by: User, status: str, reason: str = "") -> User:
    if not user_is_curator(by):
        raise PermissionDenied("Only curators decide on professionals.")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.professional_status != ProfessionalStatus.PENDING_APPROVAL:
            raise ValidationError(_("This person is no longer waiting for a decision."))
        locked.professional_status = status
        locked.professional_decided_at = timezone.now()
        locked.professional_decided_by = by
        locked.professional_rejection_reason = reason
        locked.save()
    logger.info("professional %s %s by %s", locked.pk, status, by.pk)
    return locked


def professional_approve(*, user: User, by: User) -> User:
    user = _decide(user=user, by=by, status=ProfessionalStatus.APPROVED)
    _send(to=user.email, template="approved", context={"user": user})
    return user


def professional_reject(*, user: User, by: User, reason: str) -> User:
    if not reason.strip():
        raise ValidationError(_("Enter a reason, so the person knows what to do next."))
    user = _decide(user=user, by=by, status=ProfessionalStatus.REJECTED, reason=reason.strip())
    _send(to=user.email, template="rejected", context={"user": user})
    return user


def allowed_domain_add(*, domain: str, by: User, note: str = "") -> AllowedEmailDomain:
    if not user_is_curator(by):
        raise PermissionDenied("Only curators manage the allow-list.")
    domain = domain.strip().lower().lstrip("@").rstrip(".")
    if "." not in domain or "@" in domain or " " in domain:
        raise ValidationError(_("Enter a domain like wigan.gov.uk"))
    entry, _created = AllowedEmailDomain.objects.get_or_create(
        domain=domain, defaults={"added_by": by, "note": note.strip()}
    )
    return entry


def allowed_domain_remove(*, domain: AllowedEmailDomain, by: User) -> None:
    if not user_is_curator(by):
        raise PermissionDenied("Only curators manage the allow-list.")
    domain.delete()


# --- Accounts --------------------------------------------------------------------------


def user_sessions_end(*, user: User) -> int:
    """Delete every session the user signed in with; returns how many were tracked."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    UserSession.objects.filter(user=user).delete()
    return len(keys)


def user_disable(*, user: User, by: User) -> User:
    """Deactivate an account and end all of its sessions at once."""
    if not (user_is_curator(by) or by.is_superuser):
        raise PermissionDenied("Only curators and admins disable accounts.")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(is_active=False)
        ended = user_sessions_end(user=user)
    user.refresh_from_db()
    logger.info("user %s disabled by %s; %s sessions ended", user.pk, by.pk, ended)
    return user


def user_enable(*, user: User, by: User) -> User:
    """Re-activate a disabled account. They sign in again from scratch (their sessions
    ended when the account was disabled). An account still waiting for its email to be
    confirmed stays inactive: confirming is the only way to activate that."""
    if not (user_is_curator(by) or by.is_superuser):
        raise PermissionDenied("Only curators and admins enable accounts.")
    if user.professional_status == ProfessionalStatus.PENDING_CONFIRMATION:
        raise ValidationError(_("This person has not confirmed their email address yet."))
    User.objects.filter(pk=user.pk).update(is_active=True)
    user.refresh_from_db()
    logger.info("user %s enabled by %s", user.pk, by.pk)
    return user


def email_change_request(*, user: User, new_email: str, site_url: str) -> None:
    """Email a link to the new address; the change happens when the link is followed."""
    new_email = get_user_model().objects.normalize_email(new_email.strip()).lower()
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        # Say nothing different on screen; tell the owner of that address instead.
        _send(to=new_email, template="email_taken", context={"user": user})
        return
    token = signing.dumps(
        {"u": user.pk, "e": new_email, "old": user.email}, salt=EMAIL_CHANGE_SALT, compress=True
    )
    link = _absolute(site_url, reverse("accounts:email_confirm", kwargs={"token": token}))
    _send(to=new_email, template="email_change", context={"user": user, "link": link})


def email_change_confirm(*, token: str, user: User) -> User:
    data = _load(token, salt=EMAIL_CHANGE_SALT)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if data.get("u") != locked.pk or data.get("old") != locked.email:
            raise InvalidToken("not for this account or already used")
        if User.objects.filter(email__iexact=data["e"]).exclude(pk=locked.pk).exists():
            raise InvalidToken("address taken meanwhile")
        old = locked.email
        locked.email = data["e"]
        if locked.username == old:
            locked.username = data["e"]
        locked.save(update_fields=["email", "username"])
    if old:
        _send(to=old, template="email_changed", context={"user": locked})
    return locked


# --- MFA -------------------------------------------------------------------------------


def totp_device_start(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator-app device being set up (a new key each time one is
    not already waiting), so a half-finished setup can be resumed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the device with a code from the app; returns new recovery codes (shown once).

    Raises ValidationError if the code is wrong.
    """
    if device.confirmed or not device.verify_token(normalise_code(token)):
        raise ValidationError(_("The code is not right. Check the time on your phone is correct."))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return recovery_codes_regenerate(user=device.user)


def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new single-use ones."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        codes = [StaticToken.random_token() for _n in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def mfa_devices_remove(*, user: User) -> None:
    """Remove the authenticator app and recovery codes (someone who must use MFA is then
    asked to set it up again before doing anything else)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()
