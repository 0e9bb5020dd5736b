from __future__ import annotations

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import TemplateView
from drf_spectacular.views import SpectacularAPIView

from config.health import healthz
from directory.languages import language_choose
from directory.oruk.apidocs import ApiDocsView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:code>/", language_choose, name="language_choose"),
    path("oruk/", include("directory.oruk.urls")),
    path("api/v1/", include("referrals.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", ApiDocsView.as_view(url_name="schema"), name="api_docs"),
]

# Public pages in every language: English at the bare URL, others under /<code>/
# (docs/decisions/008-languages.md).
urlpatterns += i18n_patterns(
    path(
        "accessibility/",
        TemplateView.as_view(template_name="pages/accessibility.html"),
        name="accessibility",
    ),
    path("privacy/", TemplateView.as_view(template_name="pages/privacy.html"), name="privacy"),
    path(
        "about-this-data/",
        TemplateView.as_view(template_name="pages/about_data.html"),
        name="about_data",
    ),
    path("", include("insights.urls")),
    path("", include("referrals.urls")),
    path("", include("directory.urls")),
    prefix_default_language=False,
)
