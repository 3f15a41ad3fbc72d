from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClosingConfig(AppConfig):
    """The close phase: its checklist, the recognition document, handing the knowledge over to
    organisations, the celebration, and the close itself (read-only, members told of the archive)."""

    name = "terreau.closing"
    label = "closing"
    verbose_name = _("Closing")

    def ready(self):
        from terreau.communities import registry
        from terreau.core import events

        from . import (
            permissions,  # noqa: F401  (registers the actions)
            subscribers,
        )

        events.subscribe(events.COMMUNITY_CLOSED, subscribers.community_closed)
        events.subscribe(events.ARCHIVE_READY, subscribers.archive_ready)
        # Shown to the members once the community is in its close phase, and after.
        registry.tab_register(registry.Tab("closing", _("Closing"), "closing:page", order=58, needs="shows_closing"))
