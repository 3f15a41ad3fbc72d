"""Access-matrix entries of the comments (see tests/test_access_matrix.py).

A thread is read by whoever may read its thing: the kinds below are comments (their marker in
their text) on a knowledge item, an event, an action and an idea of each visibility (and a
knowledge item's draft), so a comment on a members-only thing is never shown to a visitor nor
to someone outside, on the thread's page or on the thing's own page. Writing takes a
membership; editing is the author's alone; deleting, the author's or the moderators'.
"""

from datetime import timedelta

from django.utils import timezone

from terreau.comments.models import Comment
from terreau.core.models import Visibility
from terreau.events.tests.factories import make_event
from terreau.ideas.models import Idea
from terreau.knowledge.tests.helpers import make_item
from terreau.launch.models import Action
from tests.access import DRAFT, MEMBERS, MISSING, SEES, VISIBILITIES, Kind, Route, everyone, signed_in, url

TITLE = "Sujet commenté"


def _comment(place, kind, thing, marker):
    return Comment.objects.create(
        community=place.cast.community, target_kind=kind, target_id=thing.pk, author=place.cast.author, body=marker
    )


def plant_on_item(place, variant, marker):
    visibility = Visibility.MEMBERS if variant == DRAFT else variant
    item = make_item(place.cast, author=place.cast.author, title=TITLE, visibility=visibility, publish=variant != DRAFT)
    return _comment(place, "knowledge_item", item, marker)


def plant_on_event(place, variant, marker):
    event = make_event(place.cast.community, title=TITLE, visibility=variant)
    return _comment(place, "event", event, marker)


def plant_on_action(place, variant, marker):
    action = Action.objects.create(
        community=place.cast.community,
        title=TITLE,
        visibility=variant,
        due_date=timezone.localdate() + timedelta(days=5),
    )
    return _comment(place, "action", action, marker)


def plant_on_idea(place, variant, marker):
    idea = Idea.objects.create(
        community=place.cast.community, title=TITLE, text=TITLE, visibility=variant, author=place.cast.member
    )
    return _comment(place, "idea", idea, marker)


def _draft_readers(listing, variant):
    return {"author", "content_manager", "core_member", "admin"} if variant == DRAFT else SEES[variant]


KINDS = {
    "comment_on_item": Kind(plant_on_item, variants=[*VISIBILITIES, DRAFT], seen=_draft_readers),
    "comment_on_event": Kind(plant_on_event),
    "comment_on_action": Kind(plant_on_action),
    "comment_on_idea": Kind(plant_on_idea),
}


def _thread(place, comment):
    return url("comments:thread", lambda p: comment.target_kind, lambda p: comment.target_id)(place)


def _own(name):
    return lambda place, comment: url(name, lambda p: comment.pk)(place)


# Editing is the author's (a membership); whoever else may read the thread is refused (403).
EDIT = {**signed_in(403), "author": 200}
# Deleting: the author, and the moderators (facilitation role, core team, platform admin).
DELETE = {**signed_in(403), "author": 302, "facilitator": 302, "core_member": 302, "admin": 302}

OBJECT_ROUTES = {}
for _kind in KINDS:
    OBJECT_ROUTES |= {
        f"comments:thread ({_kind})": Route("get", _kind, _thread, everyone(200)),
        f"comments:edit ({_kind})": Route("get", _kind, _own("comments:edit"), EDIT),
        f"comments:delete ({_kind})": Route("post", _kind, _own("comments:delete"), DELETE),
    }


def prepare(place):
    cast = place.cast
    place.commented_item = make_item(cast, author=cast.author, title="Fiche commentée", visibility=Visibility.PUBLIC)
    place.comment = Comment.objects.create(
        community=cast.community,
        target_kind="knowledge_item",
        target_id=place.commented_item.pk,
        author=cast.member,  # a person the fuzz test sends from (not the author of the things)
        body="Merci pour cette fiche.",
    )


_item = lambda p: p.commented_item.pk  # noqa: E731
_comment_id = lambda p: p.comment.pk  # noqa: E731

MATRIX = {
    "comments:thread": ("get", url("comments:thread", lambda p: "knowledge_item", _item), everyone(200)),
    # A thing of a kind nobody registered does not exist.
    "comments:thread (unknown kind)": ("get", url("comments:thread", lambda p: "nothing", _item), MISSING),
    # An empty comment re-renders the thread with what is wrong; a member may comment, not the
    # admin (no membership) nor someone outside (who reads the public item: 403).
    "comments:post": (
        "post",
        url("comments:post", lambda p: "knowledge_item", _item),
        {**signed_in(403), **dict.fromkeys(MEMBERS, 200), "core_member": 200},
    ),
    "comments:edit": ("get", url("comments:edit", _comment_id), {**signed_in(403), "member": 200}),
    "comments:delete": (
        "post",
        url("comments:delete", _comment_id),
        {**signed_in(403), "member": 302, "facilitator": 302, "core_member": 302, "admin": 302},
    ),
}
