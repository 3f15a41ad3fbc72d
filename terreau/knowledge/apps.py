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

        from terreau.comments import registry as comments

        from .models import KnowledgeItem

        comments.register(
            comments.Commentable(key="knowledge_item", model=KnowledgeItem, describe=_commentable, queryset=_items)
        )


def _items():
    from .models import KnowledgeItem

    return KnowledgeItem.objects.select_related("community", "author")


def _commentable(item):
    """A published item takes comments; a draft or an archived one keeps its thread, closed, for
    those who may read the item (a draft: its author and the content managers)."""
    from terreau.comments.registry import Target

    from .models import ItemStatus
    from .permissions import can_read

    return Target(
        thing=item,
        title=item.title,
        visibility=item.visibility,
        url=item.get_absolute_url(),
        open=item.status == ItemStatus.PUBLISHED,
        people=[item.author],
        readable_by=lambda user: can_read(user, item.community, item),
    )
