from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ElectionsConfig(AppConfig):
    """Filling roles: election without candidates and open role allocation."""

    name = "terreau.elections"
    label = "elections"
    verbose_name = _("Elections and role calls")

    def ready(self):
        from terreau.communities import registry
        from terreau.core import periodic
        from terreau.core import personal_data as data_registry

        from . import (
            permissions,  # noqa: F401  (registers the actions)
            personal_data,
        )

        # Before communities (20) ends the memberships.
        data_registry.register("elections", exporter=personal_data.exporter, eraser=personal_data.eraser, order=18)
        periodic.register(
            "elections.term_reminders",
            every=timedelta(days=1),
            run="terreau.elections.services.elections.term_reminders",
        )
        # The who-does-what page links to both ways of filling a role.
        registry.roles_link_register(
            registry.RolesLink("elections", _("Elect without candidates"), "elections:list", needs="can_see_members")
        )
        registry.roles_link_register(
            registry.RolesLink("role_calls", _("Call for role volunteers"), "elections:calls", needs="can_see_members")
        )
