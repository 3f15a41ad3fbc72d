"""Help: requests and offers, and the members who step in."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from terreau.accounts.models import User
from terreau.communities.models import Community

from .. import permissions as exchanges_permissions
from ..models import FeedItem, HelpPost, HelpStep, NotificationKind, Verb
from .mentions import _notify_mentions, mentioned
from .notifications import feed_record, notify


@transaction.atomic
def help_post_create(
    *, actor: User, community: Community, kind: str, title: str, body: str = "", visibility="members"
) -> HelpPost:
    exchanges_permissions.membership_for_posting(actor, community)
    post = HelpPost(community=community, author=actor, kind=kind, title=title.strip(), body=body.strip())
    post.visibility = visibility
    post.full_clean()
    mentions = mentioned(community, post.title, post.body, visibility=post.visibility)
    post.save()
    url = post.get_absolute_url()
    verb = Verb.HELP_REQUEST if kind == HelpPost.Kind.REQUEST else Verb.HELP_OFFER
    params = {"name": actor, "title": post.title}
    feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.HELP,
        verb=verb,
        params=params,
        url=url,
        visibility=visibility,
    )
    _notify_mentions(community, mentions, actor, verb, params, url, post.visibility, body=post.body)
    return post


@transaction.atomic
def help_step_in(*, actor: User, post: HelpPost, message: str = "") -> HelpStep:
    exchanges_permissions.membership_for_posting(actor, post.community)
    if post.author_id == actor.pk:
        raise ValidationError(_("This is your own post."))
    if post.status == HelpPost.Status.CLOSED:
        raise ValidationError(_("This post is closed."))
    step, created = HelpStep.objects.get_or_create(post=post, person=actor, defaults={"message": message[:500]})
    if created and post.author_id:
        notify(
            community=post.community,
            recipients=User.objects.filter(pk=post.author_id),
            kind=NotificationKind.HELP,
            verb=Verb.HELP_STEPPED_IN,
            params={"name": actor, "title": post.title},
            url=post.get_absolute_url(),
            actor=actor,
            visibility=post.visibility,
            body=step.message,
        )
    return step


@transaction.atomic
def help_set_status(*, actor: User, post: HelpPost, status: str) -> HelpPost:
    exchanges_permissions.require_help_status(actor, post)
    post.status = status
    post.full_clean()
    post.save(update_fields=["status"])
    return post
