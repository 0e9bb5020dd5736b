"""Demo referrals (`manage.py load_demo_activity`): every stage, some equality answers,
nothing sent, safe to run twice; the group inbox and the dashboard show them."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.testing import login_verified
from directory.demo import GROUP_A
from directory.demo.services import demo_load
from insights.models import EqualityAnswers
from notifications.models import OutboxMessage
from referrals.models import Referral

pytestmark = pytest.mark.django_db


def test_demo_activity_loads_every_stage_once(client, django_user_model):
    demo_load()
    out = StringIO()
    call_command("load_demo_activity", stdout=out)
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses >= {
        "submitted",
        "opened",
        "accepted",
        "waiting_list",
        "declined",
        "contacted",
        "met",
        "closed",
    }
    assert EqualityAnswers.objects.count() >= 8
    # Phone calls only: no text, email or letter goes to a fictional person.
    assert not OutboxMessage.objects.exclude(channel="email").exists()

    count = Referral.objects.count()
    call_command("load_demo_activity", stdout=StringIO())
    assert Referral.objects.count() == count

    dev = django_user_model.objects.get(username="dev")
    login_verified(client, dev)
    inbox = client.get(reverse("referrals:inbox", args=[GROUP_A]))
    assert inbox.status_code == 200

    cam = django_user_model.objects.get(username="cam")
    login_verified(client, cam)
    assert client.get(reverse("insights:dashboard")).status_code == 200


def test_demo_activity_needs_the_demo_directory():
    with pytest.raises(Exception, match="load_demo"):
        call_command("load_demo_activity", stdout=StringIO())
