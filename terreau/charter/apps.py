from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    """The governance charter and its versions."""

    name = "terreau.charter"
    label = "charter"
    verbose_name = _("Charter")
