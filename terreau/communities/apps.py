from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "terreau.communities"
    label = "communities"
    verbose_name = _("Communities")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import personal_data

        data_registry.register(
            "communities",
            exporter=personal_data.exporter,
            eraser=personal_data.eraser,
            blocker=personal_data.blocker,
            order=20,
        )
        from . import receivers  # noqa: F401
