from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """The knowledge base: good practices, lessons learned, memos, watch, documents, articles."""

    name = "terreau.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import personal_data

        data_registry.register("knowledge", exporter=personal_data.exporter, eraser=personal_data.eraser, order=50)
        from terreau.communities import registry

        registry.tab_register(registry.Tab("knowledge", _("Knowledge base"), "knowledge:home", order=20))
