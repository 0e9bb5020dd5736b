"""Public "Send me these details": a service's name, who runs it, how to get in touch and a
link to its page, by text message or email to the person asking. No account.

The message goes through the outbox (notifications.services.message_queue), which keeps the
number or address only until the message is sent (docs/decisions/004-outbox.md); nothing
else about the person is stored. Spam checks and the hourly limit per client address are
those of the other public forms (directory.views_public_forms).
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from directory import selectors
from directory.forms_public import SendDetailsForm
from directory.models import Service
from directory.translations import listing_text
from directory.views_public_forms import _count_submission, _is_rate_limited
from notifications.models import OutboxMessage
from notifications.services import Recipient, message_queue

TEMPLATE = "service_details"
RATE_LIMIT_KIND = "send-details"

# Longest text kept from each listing field, so the text message stays within three
# fragments (459 characters) with the link and the template's own words.
FIELD_LIMITS = {
    "service_name": 60,
    "organisation_name": 60,
    "phone": 25,
    "email": 50,
    "address": 80,
    "website": 100,
}


def _cut(text: str, limit: int) -> str:
    """``text`` on one line, shortened to ``limit`` characters. Three dots rather than an
    ellipsis: one character outside the GSM alphabet makes every SMS fragment shorter."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    return text[: limit - 3].rstrip(" ,.") + "..."


def _first_address(service: Service) -> str:
    for place in service.service_at_locations.all():
        for address in place.location.addresses.all():
            parts = [address.address_1, address.address_2, address.city, address.postal_code]
            return ", ".join(part.strip() for part in parts if part and part.strip())
    return ""


def _first_phone(service: Service) -> str:
    phone = next(iter(service.phones.all()), None)
    if phone is None:
        return ""
    return f"{phone.number} ext. {phone.extension}" if phone.extension else phone.number


def service_details_context(*, service: Service, language: str) -> dict[str, str]:
    """What the message templates need: the listing as shown on its page in ``language``,
    with the absolute address of that page."""
    with translation.override(language):
        path = service.get_absolute_url()
    base = settings.REFERRALS_LINK_BASE_URL.rstrip("/")
    context = {
        "service_name": listing_text(service, language).name.value,
        "organisation_name": listing_text(service.organisation, language).name.value,
        "phone": _first_phone(service),
        "email": service.email,
        "address": _first_address(service),
        "website": service.url,
    }
    return {
        **{name: _cut(value or "", FIELD_LIMITS[name]) for name, value in context.items()},
        "link": f"{base}{path}",
    }


def service_details_key(*, service: Service, contact: str) -> str:
    """One message per service, contact and day: a double click, or the same request
    again later that day, sends nothing more. The contact is hashed with a secret because
    the key outlives the contact details in the outbox."""
    day = timezone.localdate().isoformat()
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"{contact.lower()}:{day}".encode(), hashlib.sha256
    ).hexdigest()
    return f"service-details:{service.pk}:{digest}"


def service_details_send(
    *, service: Service, channel: str, contact: str, language: str
) -> OutboxMessage:
    """Queue the service's details to ``contact`` (a normalised UK mobile number or an
    email address) by ``channel``, in ``language``."""
    if channel == SendDetailsForm.SMS:
        recipient = Recipient(phone_number=contact)
    else:
        recipient = Recipient(email=contact)
    with transaction.atomic():
        return message_queue(
            recipient=recipient,
            channel=channel,
            template=TEMPLATE,
            context=service_details_context(service=service, language=language),
            key=service_details_key(service=service, contact=contact),
            language=language,
        )


def contact_masked(*, channel: str, contact: str) -> str:
    """Enough of the number or address to recognise it, not enough to read it off a
    shared screen: the last 3 digits, or the first letter and the domain."""
    if channel == SendDetailsForm.SMS:
        digits = "".join(c for c in contact if c.isdigit())
        return digits[-3:]
    local, _at, domain = contact.strip().rpartition("@")
    return f"{local[:1]}…@{domain}" if local else ""


def _sent(request, *, service: Service, channel: str, contact: str) -> TemplateResponse:
    return TemplateResponse(
        request,
        "directory/send_details_sent.html",
        {
            "service": service,
            "channel": channel,
            "masked": contact_masked(channel=channel, contact=contact),
        },
    )


# Never stored by a browser or proxy: the form carries a CSRF token, and the answer a
# masked contact. Not wrapped in directory.caching.cache_public_page either.
@never_cache
@require_http_methods(["GET", "POST"])
def send_details(request, pk):
    service = selectors.service_get_public(pk)
    limited = request.method == "POST" and _is_rate_limited(request, RATE_LIMIT_KIND)
    form = SendDetailsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not limited:
        channel = request.POST.get("channel", "")
        if form.is_honeypot_filled():
            # Looks sent to the bot; nothing is queued.
            _count_submission(request, RATE_LIMIT_KIND)
            typed = request.POST.get("phone" if channel == SendDetailsForm.SMS else "email", "")
            return _sent(request, service=service, channel=channel, contact=typed)
        if form.is_valid():
            contact = form.cleaned_data["contact"]
            service_details_send(
                service=service,
                channel=form.cleaned_data["channel"],
                contact=contact,
                language=translation.get_language(),
            )
            _count_submission(request, RATE_LIMIT_KIND)
            return _sent(
                request, service=service, channel=form.cleaned_data["channel"], contact=contact
            )
    return TemplateResponse(
        request,
        "directory/send_details.html",
        {
            "service": service,
            "form": form,
            "rate_limited": limited,
            "error_forms": [form] if form.is_bound and not limited and form.errors else [],
            "channel": form["channel"].value() or "",
            "personal_data_days": settings.NOTIFICATIONS_PERSONAL_DATA_DAYS,
        },
        status=429 if limited else 200,
    )
