from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClosingConfig(AppConfig):
    """The close phase: its checklist, the recognition document, handing the knowledge over to
    organisations, the celebration, and the close itself (read-only, members told of the archive)."""

    name = "terreau.closing"
    label = "closing"
    verbose_name = _("Closing")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the actions)
