from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    """Questions and answers, help, kudos, activity feed, notifications and the message rhythm."""

    name = "terreau.exchanges"
    label = "exchanges"
    verbose_name = _("Exchanges")
