"""Writes for the idea box: propose, support, answer, and carry an idea on as an action or a proposal."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.audit import services as audit
from terreau.circles.services import core_team_circle
from terreau.communities.models import Community, Theme
from terreau.core import events
from terreau.core.models import Visibility
from terreau.decisions import services as decisions
from terreau.decisions.models import Proposal
from terreau.exchanges.models import FeedItem
from terreau.launch import services as launch_services
from terreau.launch.models import Action

from . import permissions as idea_permissions
from .models import Idea, Support

ANSWERS = (Idea.Status.TAKEN_UP, Idea.Status.NOT_NOW, Idea.Status.DECLINED)


class StaleEdit(ValidationError):
    """The idea changed since the form was opened."""


def _check_theme(community: Community, theme: Theme | None) -> None:
    if theme is not None and theme.community_id != community.pk:
        raise ValidationError({"theme": _("Choose a theme of this community.")})


@transaction.atomic
def idea_propose(
    *,
    actor: User,
    community: Community,
    title: str,
    text: str,
    theme: Theme | None = None,
    visibility: str = Visibility.MEMBERS,
) -> Idea:
    permissions.require(actor, idea_permissions.PROPOSE, community)
    _check_theme(community, theme)
    idea = Idea(community=community, title=title, text=text, theme=theme, visibility=visibility, author=actor)
    idea.full_clean()
    idea.save()
    events.announce(
        events.IDEA_PROPOSED,
        community=community,
        idea=idea,
        actor=actor,
        visibility=idea.visibility,
        url=idea.get_absolute_url(),
    )
    return idea


@transaction.atomic
def idea_update(
    *, actor: User, idea: Idea, title: str, text: str, theme: Theme | None, visibility: str, version: int
) -> Idea:
    community = idea.community
    idea_permissions.require_edit(actor, community, idea)
    stored = Idea.objects.select_for_update().get(pk=idea.pk)
    if stored.version != version:
        raise StaleEdit(
            _("Someone changed this idea since you opened it. Here is what you typed; send it again to keep it.")
        )
    _check_theme(community, theme)
    idea.title, idea.text, idea.theme, idea.visibility = title, text, theme, visibility
    idea.full_clean()
    if audit.record_visibility(actor=actor, community=community, target=idea):
        # The feed's line on the idea follows it: narrowed, its title no longer reaches the others.
        FeedItem.objects.filter(community=community, kind=FeedItem.Kind.IDEA, url=idea.get_absolute_url()).update(
            visibility=idea.visibility
        )
    idea.version = stored.version + 1
    # Never the supports' count: a support given meanwhile keeps counting.
    idea.save(update_fields=["title", "text", "theme", "visibility", "version", "updated_at"])
    return idea


@transaction.atomic
def idea_delete(*, actor: User, idea: Idea) -> None:
    community = idea.community
    if not idea_permissions.can_delete(actor, community, idea):
        permissions.refuse_write(actor, community, readable=idea_permissions.can_read(actor, community, idea))
    if idea.author_id != actor.pk:
        audit.record_deletion(actor=actor, community=community, action="idea.deleted", target=idea)
    idea.delete()


@transaction.atomic
def support_toggle(*, actor: User, idea: Idea) -> bool:
    """Support the idea, or take one's support back; returns whether the person supports it now."""
    community = idea.community
    permissions.require(actor, idea_permissions.SUPPORT, community)
    if not idea_permissions.can_read(actor, community, idea):
        permissions.refuse(actor, community, readable=False)
    Idea.objects.select_for_update().filter(pk=idea.pk).first()  # one toggle at a time per idea
    removed, _kinds = Support.objects.filter(idea=idea, user=actor).delete()
    if not removed:
        Support.objects.create(idea=idea, user=actor)
    idea.supports_count = Support.objects.filter(idea=idea).count()
    Idea.objects.filter(pk=idea.pk).update(supports_count=idea.supports_count)
    return not removed


@transaction.atomic
def idea_answer(*, actor: User, idea: Idea, status: str, answer: str) -> Idea:
    """The core team's answer, with a word; the proposer and the supporters are told."""
    community = idea.community
    permissions.require(actor, idea_permissions.ANSWER, community)
    if status not in ANSWERS:
        raise ValidationError({"status": _("Choose an answer: taken up, not now or no.")})
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Say a word about your answer: the proposer and the supporters read it.")})
    if idea.action_id and status != Idea.Status.TAKEN_UP:
        raise ValidationError({"status": _("This idea is already an action of the action plan: it stays taken up.")})
    if status == idea.status and answer == idea.answer:
        return idea
    before = {"status": idea.status, "answer": idea.answer}
    idea.status, idea.answer = status, answer
    idea.answered_by, idea.answered_at = actor, timezone.now()
    idea.full_clean()
    idea.save(update_fields=["status", "answer", "answered_by", "answered_at", "updated_at"])
    audit.record(
        actor=actor,
        community=community,
        action="idea.answered",
        target=idea,
        before=before,
        after={"status": status, "answer": answer},
    )
    supporters = list(User.objects.filter(idea_supports__idea=idea))
    events.announce(
        events.IDEA_ANSWERED,
        community=community,
        idea=idea,
        actor=actor,
        visibility=idea.visibility,
        url=idea.get_absolute_url(),
        status=status,
        answer=answer,
        recipients=[user for user in [idea.author, *supporters] if user is not None],
    )
    return idea


@transaction.atomic
def idea_to_action(*, actor: User, idea: Idea) -> Action:
    """An idea taken up becomes an action of the action plan (once); the action links back to it."""
    community = idea.community
    permissions.require(actor, idea_permissions.ANSWER, community)
    if idea.status != Idea.Status.TAKEN_UP:
        raise ValidationError(_("Take the idea up first: an action carries an idea the core team took up."))
    if idea.action_id is not None:
        raise ValidationError(_("This idea is already an action of the action plan."))
    origin = _("From the idea box: [%(title)s](%(url)s)") % {"title": idea.title, "url": idea.get_absolute_url()}
    action = launch_services.action_save(
        actor=actor,
        action=Action(
            community=community,
            title=idea.title[: Action._meta.get_field("title").max_length],
            description=f"{idea.text}\n\n{origin}"[: Action._meta.get_field("description").max_length],
            theme=idea.theme,
            visibility=idea.visibility,
        ),
    )
    idea.action = action
    idea.save(update_fields=["action", "updated_at"])
    audit.record(actor=actor, community=community, action="idea.to_action", target=idea, after={"action": str(action)})
    return action


# How long a proposal made from an idea leaves its circle to speak, until its proposer moves it.
PROPOSAL_DAYS = 14


@transaction.atomic
def idea_to_proposal(*, actor: User, idea: Idea) -> Proposal:
    """Carry a taken-up idea on as a draft proposal of the core team's circle (a consent decision),
    with the idea's title, text, theme and visibility: its proposer then edits it and opens it."""
    community = idea.community
    permissions.require(actor, idea_permissions.ANSWER, community)
    if idea.status != Idea.Status.TAKEN_UP:
        raise ValidationError(_("Take the idea up first: a proposal carries an idea the core team took up."))
    if idea.proposal_url:
        raise ValidationError(_("This idea is already carried on as a proposal."))
    proposal = decisions.proposal_create(
        community=community,
        actor=actor,
        circle=core_team_circle(community),
        title=idea.title[:200],
        text=_("%(text)s\n\n*From the idea box: %(idea)s*") % {"text": idea.text, "idea": idea.get_absolute_url()},
        deadline=timezone.now() + timedelta(days=PROPOSAL_DAYS),
        themes=[idea.theme] if idea.theme else [],
        visibility=idea.visibility,
    )
    idea.proposal_url = proposal.get_absolute_url()
    idea.save(update_fields=["proposal_url", "updated_at"])
    audit.record(
        actor=actor, community=community, action="idea.to_proposal", target=idea, after={"url": idea.proposal_url}
    )
    return proposal
