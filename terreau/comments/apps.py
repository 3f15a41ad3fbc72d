from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    """Comments on knowledge items, actions, events and ideas, with mentions."""

    name = "terreau.comments"
    label = "comments"
    verbose_name = _("Comments")
