from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """A community's archive: a ZIP that outlives Terreau (a static website readable offline, the
    same data as JSON and Markdown), and the import of such a ZIP into a new community."""

    name = "terreau.archive"
    label = "archive"
    verbose_name = _("Archive")

    def ready(self):
        from terreau.communities import registry

        from . import permissions  # noqa: F401  (registers the actions)

        # The core team's; members reach the archive from the community's page once one exists.
        registry.tab_register(
            registry.Tab("archive", _("Archives"), "archive:list", order=96, needs="can_manage", group="manage")
        )
