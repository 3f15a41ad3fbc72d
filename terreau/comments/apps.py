from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    """Comments on knowledge items, actions, events and ideas, with mentions."""

    name = "terreau.comments"
    label = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import (
            permissions,  # noqa: F401  (registers the actions)
            personal_data,
        )

        data_registry.register("comments", exporter=personal_data.exporter, eraser=personal_data.eraser, order=50)
