from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from terreau.communities.models import Community

BODY_MAX = 5_000


class Comment(models.Model):
    """A comment on a thing of a feature, which comments knows by its registry key and id.

    The thing's visibility is not copied here: whoever reads the thread is checked against the
    thing itself, through the registry (a thing narrowed later narrows its comments with it).
    """

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="comments")
    # The registry's key of the thing's kind ("knowledge_item", "action", "event", "idea").
    target_kind = models.CharField(_("kind of thing"), max_length=40)
    target_id = models.PositiveBigIntegerField(_("thing"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=BODY_MAX)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    # Bumped at each edit: an edit made from an older copy of the comment is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["community", "target_kind", "target_id", "created_at"])]

    def __str__(self):
        return self.body[:60]
