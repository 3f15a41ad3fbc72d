from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    """Circles: the core team, the steering circle and working groups, tied by the double link."""

    name = "terreau.circles"
    label = "circles"
    verbose_name = _("Circles")

    def ready(self):
        from terreau.communities import registry
        from terreau.core import events
        from terreau.core import personal_data as data_registry

        from . import panels, permissions, personal_data  # noqa: F401  (registers the actions)
        from .services import member_left

        data_registry.register("circles", exporter=personal_data.exporter, eraser=personal_data.eraser, order=40)

        events.subscribe(events.MEMBER_LEFT, member_left)
        registry.tab_register(registry.Tab("circles", _("Circles"), "circles:map", order=35))
        registry.member_panel_register(
            registry.MemberPanel("circles", "circles/_member_panel.html", panels.member_circles)
        )
