"""Give a demo user an authenticator-app key and print it, so a demo can sign in with MFA."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.selectors import totp_secret
from accounts.testing import totp_code, totp_device_for


class Command(BaseCommand):
    help = "Print a TOTP key (and the current code) for USERNAME, creating a device if needed."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--force", action="store_true", help="Allow when DEBUG is off (not for live sites)."
        )

    def handle(self, *args, username: str, force: bool, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError("demo_mfa is for demos: run with DEBUG=1, or pass --force.")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user called {username!r}.")
        device = totp_device_for(user)
        key = totp_secret(device=device)
        self.stdout.write(f"Key for {username}: {key}")
        self.stdout.write(f"otpauth URI: {device.config_url}")
        self.stdout.write(f"Code now: {totp_code(device)}")
