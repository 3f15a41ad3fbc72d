from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    """Questions and answers, help, kudos, activity feed, notifications and the message rhythm."""

    name = "terreau.exchanges"
    label = "exchanges"
    verbose_name = _("Exchanges")

    def ready(self):
        from terreau.emails.signals import email_sent

        from . import mailing

        email_sent.connect(mailing.email_went_out, dispatch_uid="exchanges.email_went_out")
