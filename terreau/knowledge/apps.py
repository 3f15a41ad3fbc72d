from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """The knowledge base: good practices, lessons learned, memos, watch, documents, articles."""

    name = "terreau.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")

    def ready(self):
        from datetime import timedelta

        from terreau.communities import registry
        from terreau.core import periodic
        from terreau.core import personal_data as data_registry

        from . import personal_data

        data_registry.register("knowledge", exporter=personal_data.exporter, eraser=personal_data.eraser, order=50)

        # Merges the SQLite search index's segments (`manage.py search_optimize`); nothing on PostgreSQL.
        periodic.register("knowledge.search_optimize", every=timedelta(days=1), run="terreau.knowledge.search.optimize")

        registry.tab_register(registry.Tab("knowledge", _("Knowledge base"), "knowledge:home", order=20))

        from terreau.circles import registry as circles_registry

        from . import circle_panels

        circles_registry.panel_register(
            circles_registry.CirclePanel("knowledge", "knowledge/circles/panel.html", circle_panels.items, order=30)
        )
