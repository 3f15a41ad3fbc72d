from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LaunchConfig(AppConfig):
    """Launch day, calendar of activities, 3-month action plan, launch pack."""

    name = "terreau.launch"
    label = "launch"
    verbose_name = _("Launch")

    def ready(self):
        from terreau.core import personal_data as data_registry

        from . import personal_data

        data_registry.register("launch", exporter=personal_data.exporter, order=50)

        from terreau.comments import registry as comments

        from .models import Action

        comments.register(comments.Commentable(key="action", model=Action, describe=_commentable, queryset=_actions))


def _actions():
    from .models import Action

    return Action.objects.select_related("community")


def _commentable(action):
    """Its owners are told of each comment."""
    from django.urls import reverse

    from terreau.comments.registry import Target

    return Target(
        thing=action,
        title=action.title,
        visibility=action.visibility,
        url=reverse("launch:action", args=[action.community.slug, action.pk]),
        people=[membership.user for membership in action.owners.select_related("user")],
    )
