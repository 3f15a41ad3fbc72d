from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetrospectivesConfig(AppConfig):
    """The retrospective board: keep, stop, add, more, less; cards posted, grouped and voted on."""

    name = "terreau.retrospectives"
    label = "retrospectives"
    verbose_name = _("Retrospectives")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the actions)
