from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """The knowledge base: good practices, lessons learned, memos, watch, documents, articles."""

    name = "terreau.knowledge"
    label = "knowledge"
    verbose_name = _("Knowledge")
