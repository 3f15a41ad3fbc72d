from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OverviewConfig(AppConfig):
    """The pages that gather several apps: the home page and a community's overview."""

    name = "terreau.overview"
    label = "overview"

    def ready(self):
        from terreau.communities import registry

        registry.tab_register(registry.Tab("overview", _("Overview"), "overview:community", order=50))
