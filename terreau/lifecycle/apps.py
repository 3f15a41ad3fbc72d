from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LifecycleConfig(AppConfig):
    """Phase workspace, launch day, activities calendar, action plan, launch pack."""

    name = "terreau.lifecycle"
    label = "lifecycle"
    verbose_name = _("Lifecycle")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import personal_data

        data_registry.register("lifecycle", exporter=personal_data.exporter, order=50)
        from terreau.communities import registry

        registry.tab_register(
            registry.Tab("workspace", _("Workspace"), "lifecycle:workspace", order=60, needs="can_see_members")
        )
