from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangesConfig(AppConfig):
    """Questions and answers, help, kudos, activity feed, notifications and the message rhythm."""

    name = "terreau.exchanges"
    label = "exchanges"
    verbose_name = _("Exchanges")

    def ready(self):
        from datetime import timedelta

        from terreau.communities import registry
        from terreau.core import periodic
        from terreau.core import personal_data as data_registry
        from terreau.emails.signals import email_sent

        from . import mailing, personal_data, subscribers

        data_registry.register(
            "exchanges",
            exporter=personal_data.exporter,
            eraser=personal_data.eraser,
            needles=personal_data.needles,
            order=50,
        )

        email_sent.connect(mailing.email_went_out, dispatch_uid="exchanges.email_went_out")
        subscribers.connect()

        from terreau.circles import registry as circles_registry

        from . import circle_panels

        circles_registry.panel_register(
            circles_registry.CirclePanel("exchanges", "exchanges/circles/panel.html", circle_panels.questions, order=20)
        )
        # The message rhythm's hourly pass (`manage.py send_rhythm`), queued for a worker.
        periodic.register("exchanges.rhythm", every=timedelta(hours=1), run="terreau.exchanges.tasks.rhythm_run_all")
        registry.tab_register(
            registry.Tab("exchanges", _("Exchanges"), "exchanges:feed", order=10, needs="can_see_members")
        )
        # Outside a public community, its public questions are what can be read of its exchanges.
        registry.tab_register(
            registry.Tab(
                "public_questions",
                _("Questions"),
                "exchanges:questions",
                order=11,
                needs="reads_public_part",
                current_on=frozenset({"exchanges"}),
            )
        )
        registry.member_panel_register(registry.MemberPanel("kudos", "exchanges/kudos_fragment.html", _member_kudos))


def _member_kudos(user, community, membership):
    from . import selectors

    return {"kudos": selectors.kudos_for(user, community, membership.user)}
