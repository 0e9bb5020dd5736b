from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person with an account. Members of the public need none.

    Roles (professional, organisation member, curator) are added by the accounts issue;
    the model exists from the first migration so AUTH_USER_MODEL never has to change.
    """

    email = models.EmailField(_("email address"), blank=True)
    display_name = models.CharField(_("name to show"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                models.functions.Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or self.get_username()
