from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """The pages that gather several apps: the home page and a community's overview."""

    name = "terreau.overview"
    label = "overview"

    def ready(self):
        from terreau.communities import registry
        from terreau.core import weekly

        from . import permissions  # noqa: F401  (registers the pages' actions)
        from .weekly_tasks import BUILT_IN

        registry.tab_register(registry.Tab("overview", _("Overview"), "overview:community", order=50))
        # The weekly hour's tasks; other apps register theirs the same way (terreau/core/weekly.py).
        for key, function, order in BUILT_IN:
            weekly.register(key, f"terreau.overview.weekly_tasks.{function}", order=order)
