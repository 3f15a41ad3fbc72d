from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RetrospectivesConfig(AppConfig):
    """The retrospective board: keep, stop, add, more, less; cards posted, grouped and voted on."""

    name = "terreau.retrospectives"
    label = "retrospectives"
    verbose_name = _("Retrospectives")

    def ready(self):
        from terreau.communities import registry
        from terreau.core import personal_data as data_registry

        from . import (
            permissions,  # noqa: F401  (registers the actions)
            personal_data,
        )

        data_registry.register("retrospectives", exporter=personal_data.exporter, eraser=personal_data.eraser, order=50)
        # For members at any phase (a retrospective serves an evaluation as well as the close):
        # after the workspace (60), where the evaluations are.
        registry.tab_register(
            registry.Tab("retrospectives", _("Retrospective"), "retrospectives:list", order=62, needs="can_see_members")
        )
