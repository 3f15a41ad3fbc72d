from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    """Circles: the core team, the steering circle and working groups, tied by the double link."""

    name = "terreau.circles"
    label = "circles"
    verbose_name = _("Circles")
