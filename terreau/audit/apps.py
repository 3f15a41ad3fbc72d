from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "terreau.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import personal_data

        data_registry.register("audit", exporter=personal_data.exporter, eraser=personal_data.eraser, order=90)
        from terreau.communities import registry

        registry.tab_register(
            registry.Tab("audit", _("Change log"), "audit:log", order=95, needs="can_manage", group="manage")
        )
