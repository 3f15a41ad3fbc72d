from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    """The idea box: members propose and support ideas, the core team answers."""

    name = "terreau.ideas"
    label = "ideas"
    verbose_name = _("Ideas")

    def ready(self):
        from terreau.comments import registry as comments
        from terreau.communities import registry
        from terreau.core import personal_data as data_registry

        from . import (
            permissions,  # noqa: F401  (registers the actions)
            personal_data,
        )
        from .models import Idea

        data_registry.register("ideas", exporter=personal_data.exporter, eraser=personal_data.eraser, order=50)
        # After the calendar (25), before the members (30): where members bring their own ideas.
        registry.tab_register(registry.Tab("ideas", _("Ideas"), "ideas:list", order=27, needs="can_see_members"))
        comments.register(comments.Commentable(key="idea", model=Idea, describe=_commentable, queryset=_with_author))


def _with_author():
    from .models import Idea

    return Idea.objects.select_related("community", "author")


def _commentable(idea):
    from terreau.comments.registry import Target

    return Target(
        thing=idea, title=idea.title, visibility=idea.visibility, url=idea.get_absolute_url(), people=[idea.author]
    )
