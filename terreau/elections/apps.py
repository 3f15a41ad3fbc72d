from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    """Filling roles: election without candidates and open role allocation."""

    name = "terreau.elections"
    label = "elections"
    verbose_name = _("Elections and role calls")
