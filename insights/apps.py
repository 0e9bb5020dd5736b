from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        # Insights listens; referrals and directory never import it (DESIGN.md arrows).
        from insights import receivers

        receivers.connect()
