from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "terreau.communities"
    label = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from . import receivers  # noqa: F401
