"""The admin site: staff must be signed in through this site's own pages, second factor included."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django_otp.admin import OTPAdminSite


class MFAAdminSite(OTPAdminSite):
    name = "admin"

    def __init__(self, name: str = "admin") -> None:
        super().__init__(name)

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        """Send people to the site's sign-in (password, then code) instead of a second form.

        Someone already signed in and verified who still lands here is not staff: a
        redirect would loop, so they get the refusal page.
        """
        if request.user.is_authenticated and request.user.is_verified():
            return render(request, "accounts/403.html", status=403)
        next_url = request.GET.get("next") or reverse("admin:index", current_app=self.name)
        return redirect_to_login(next_url, reverse("accounts:sign_in"))
