from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """The idea box: members propose and support ideas, the core team answers."""

    name = "terreau.ideas"
    label = "ideas"
    verbose_name = _("Ideas")
