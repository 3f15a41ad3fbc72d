from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefinitionConfig(AppConfig):
    """Stakeholder map, objectives, scope."""

    name = "terreau.definition"
    label = "definition"
    verbose_name = _("Definition")
