from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaunchConfig(AppConfig):
    """Launch day, calendar of activities, 3-month action plan, launch pack."""

    name = "terreau.launch"
    label = "launch"
    verbose_name = _("Launch")
