from django import template
from django.urls import reverse

from terreau import permissions

from .. import permissions as comment_permissions
from .. import registry, selectors
from ..forms import CommentForm

register = template.Library()


@register.inclusion_tag("comments/_thread.html", takes_context=True)
def comments_for(context, thing):
    """The thread of `thing` on its page: its latest comments, a link to all, and the form.

    The page must be one the reader may read `thing` on; the registry says its visibility, its
    address and whether it takes comments. Two queries, however long the thread.
    """
    request, community = context["request"], context["community"]
    kind = registry.kind_of(thing)
    target = kind.describe(thing)
    user = request.user
    if not comment_permissions.can_read(user, community, target):
        return {"shown": False}
    thread = selectors.thread(community, kind.key, thing.pk)
    return {
        "shown": True,
        "request": request,
        "user": user,
        "community": community,
        "target": target,
        "thread": thread,
        "thread_url": reverse("comments:thread", args=[community.slug, kind.key, thing.pk]),
        "post_url": reverse("comments:post", args=[community.slug, kind.key, thing.pk]),
        "form": CommentForm() if comment_permissions.can_post(user, community, target) else None,
        "is_member": permissions.is_member(user, community),
        "can_moderate": permissions.can(user, comment_permissions.MODERATE, community),
        "can_touch_own": permissions.can(user, comment_permissions.POST, community),
        "csrf_token": context.get("csrf_token"),
    }
