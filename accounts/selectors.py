from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken

from accounts.models import AllowedEmailDomain, ProfessionalStatus


def professionals_pending_approval() -> QuerySet:
    """Professionals who confirmed their email and wait for a curator, oldest first."""
    return (
        get_user_model()
        .objects.filter(professional_status=ProfessionalStatus.PENDING_APPROVAL, is_active=True)
        .order_by("date_joined", "pk")
    )


def allowed_email_domains() -> QuerySet[AllowedEmailDomain]:
    return AllowedEmailDomain.objects.all()


def email_domain_is_allowed(*, domain: str) -> bool:
    """True if the domain, or a domain it is part of, is on the allow-list."""
    labels = domain.strip().lower().rstrip(".").split(".")
    # "a.b.wigan.gov.uk" is covered by any of its parents down to two labels.
    candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
    return AllowedEmailDomain.objects.filter(domain__in=candidates).exists()


def user_has_mfa_device(*, user) -> bool:
    return bool(user.is_authenticated and user_has_device(user, confirmed=True))


def recovery_codes_left(*, user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def totp_secret(*, device) -> str:
    """The device's key as the base32 text authenticator apps accept."""
    return b32encode(unhexlify(device.key)).decode().rstrip("=")
