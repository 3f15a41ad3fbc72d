from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "terreau.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self):
        from terreau.communities import registry

        registry.tab_register(registry.Tab("audit", _("Change log"), "audit:log", order=95, needs="can_manage"))
