from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "terreau.core"
    label = "core"
    verbose_name = _("Terreau")

    def ready(self):
        from . import network  # noqa: F401  (registers its deploy check)
