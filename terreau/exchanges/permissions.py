"""Who may do what in the exchanges, built on the kernel (terreau/permissions.py).

Actions, with the least standing each needs ("facilitation role": the core team, and the
members holding the facilitation role):

- `exchanges.view` (member): questions and answers, help, kudos, the feed, one's notifications,
  the weekly messages, each thing as its visibility allows. In a public community, anyone reads
  the public questions and their answers, without an account (`can_read_questions`), as they
  read its knowledge base and its charter; asking and answering still take a membership.
- `exchanges.post` (member, with a membership): ask, answer, vote, ask or offer help and step
  in, give kudos, follow. A platform admin reads every community but writes only where they
  joined: `membership_for_posting` tells them so in the form, keeping what they typed, rather
  than refusing the page.
- `exchanges.email_settings` (a membership): one's own email settings in the community.
- `exchanges.facilitate` (facilitation role): the weekly message, the rhythm and its policy,
  the welcome memo.
- `answers.accept` (member): the asker, or a facilitator (`can_accept`).
- `help.change_status` (member): the post's author, or a facilitator (`can_change_help_status`).
- `questions.to_knowledge` (member): the asker, the facilitators and the content managers
  turn a question and its answers into a knowledge item (`can_turn_into_knowledge`).
- `notifications.view` (platform-wide, signed in): one's notifications across communities.

Yes/no forms: `permissions.can(user, ACTION, community)` and the `can_*` functions below;
refusals: `permissions.require(...)` and the `require_*` functions, all through the kernel's
`refuse`. Queryset forms: `questions_visible_to`, `help_posts_visible_to`.
"""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from terreau import permissions
from terreau.communities.models import Community, Membership, RoleKind
from terreau.knowledge import permissions as knowledge_permissions
from terreau.permissions import Standing

from .models import HelpPost, NotificationKind, Question

VIEW = permissions.register("exchanges.view", Standing.MEMBER, reads=True)
POST = permissions.register("exchanges.post", Standing.MEMBER)
EMAIL_SETTINGS = permissions.register("exchanges.email_settings", Standing.MEMBER, needs_membership=True)
FACILITATE = permissions.register("exchanges.facilitate", Standing.MEMBER, role=RoleKind.FACILITATION)
ACCEPT = permissions.register("answers.accept", Standing.MEMBER)
HELP_STATUS = permissions.register("help.change_status", Standing.MEMBER)
TO_KNOWLEDGE = permissions.register("questions.to_knowledge", Standing.MEMBER)
NOTIFICATIONS = permissions.register("notifications.view", Standing.OUTSIDER, platform=True)


def questions_visible_to(user, community: Community) -> QuerySet[Question]:
    return permissions.visible(user, community, Question.objects.filter(community=community))


def help_posts_visible_to(user, community: Community) -> QuerySet[HelpPost]:
    return permissions.visible(user, community, HelpPost.objects.filter(community=community))


def can_read_questions(user, community: Community) -> bool:
    """The questions and answers: members, as each question's visibility allows; in a public
    community anyone, who then reads only the public questions (`questions_visible_to`)."""
    return community.is_public or permissions.can(user, VIEW, community)


def require_read_questions(user, community: Community) -> None:
    if not can_read_questions(user, community):
        permissions.require(user, VIEW, community)


def require_read(user, community: Community, thing) -> None:
    """A question, an answer's question or a help post this person may not see does not exist for them."""
    if not permissions.can_see(user, community, thing):
        permissions.refuse(user, community, readable=False)


def can_facilitate(user, community: Community) -> bool:
    """The facilitation role, or the core team (which carries every role nobody holds)."""
    return permissions.can(user, FACILITATE, community)


def can_post(user, community: Community) -> bool:
    return permissions.can(user, POST, community) and permissions.membership(user, community) is not None


def membership_for_posting(actor, community: Community) -> Membership:
    """The membership the person writes with; the kernel refuses visitors and outsiders.

    A platform admin without a membership is not refused: the form says that only members
    write here, and keeps what they typed.
    """
    permissions.require(actor, POST, community)
    membership = permissions.membership(actor, community)
    if membership is None:
        raise ValidationError(_("Only members of the community can do this."))
    return membership


def can_accept(user, question: Question) -> bool:
    community = question.community
    if not permissions.can(user, ACCEPT, community):
        return False
    return question.author_id == user.pk or can_facilitate(user, community)


def require_accept(user, question: Question) -> None:
    permissions.require_open(user, question.community, readable=_readable(user, question))
    if not can_accept(user, question):
        permissions.refuse(user, question.community, readable=_readable(user, question))


def can_change_help_status(user, post: HelpPost) -> bool:
    community = post.community
    if not permissions.can(user, HELP_STATUS, community):
        return False
    return post.author_id == user.pk or can_facilitate(user, community)


def require_help_status(user, post: HelpPost) -> None:
    permissions.require_open(user, post.community, readable=_readable(user, post))
    if not can_change_help_status(user, post):
        permissions.refuse(user, post.community, readable=_readable(user, post))


def can_turn_into_knowledge(user, question: Question) -> bool:
    """The asker, the facilitators and the content managers (the core team and the admin among them)."""
    community = question.community
    if not permissions.can(user, TO_KNOWLEDGE, community) or not permissions.can_see(user, community, question):
        return False
    return (
        (question.author_id == user.pk and permissions.membership(user, community) is not None)
        or can_facilitate(user, community)
        or knowledge_permissions.is_content_manager(user, community)
    )


def require_turn_into_knowledge(user, question: Question) -> None:
    permissions.require_open(user, question.community, readable=_readable(user, question))
    if not can_turn_into_knowledge(user, question):
        permissions.refuse(user, question.community, readable=_readable(user, question))


def _readable(user, thing) -> bool:
    return permissions.is_member(user, thing.community) and permissions.can_see(user, thing.community, thing)


# Kinds of notification only the core team receives: answers to the community's calls.
CORE_TEAM_KINDS = {NotificationKind.APPLICATION}


def notification_kinds_for(user, community: Community) -> list[tuple[str, StrOrPromise]]:
    """The kinds of notification this person can receive here, as choices for their email settings."""
    core_team = permissions.standing(user, community) >= Standing.CORE_TEAM
    return [(kind, label) for kind, label in NotificationKind.choices if core_team or kind not in CORE_TEAM_KINDS]
