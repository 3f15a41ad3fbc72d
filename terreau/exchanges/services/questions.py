"""Questions and answers: ask, answer, vote an answer useful, accept one."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau.accounts.models import User
from terreau.communities.models import Community, Theme
from terreau.communities.themes import theme_slug
from terreau.core import events

from .. import permissions as exchanges_permissions
from ..models import Answer, FeedItem, Follow, NotificationKind, Question, UsefulVote, Verb
from .mentions import _notify_mentions, mentioned
from .notifications import feed_record, notify


def _clean_themes(community: Community, themes) -> list[Theme]:
    """The community's themes, given as Theme rows or by name (whatever its case or accents)."""
    themes = list(themes)
    if not themes:
        return []
    by_slug = {theme.slug: theme for theme in Theme.objects.filter(community=community)}
    found = []
    for theme in themes:
        chosen = by_slug.get(theme.slug if isinstance(theme, Theme) else theme_slug(str(theme)))
        if chosen is None or (isinstance(theme, Theme) and theme.pk != chosen.pk):
            raise ValidationError({"themes": _("Choose among the community's themes.")})
        if chosen not in found:
            found.append(chosen)
    return found


@transaction.atomic
def question_ask(
    *,
    actor: User,
    community: Community,
    title: str,
    body: str = "",
    themes=(),
    visibility="members",
    circle=None,
) -> Question:
    """`themes`: the community's themes, as Theme rows or by name; `circle`: the group it is asked in."""
    exchanges_permissions.membership_for_posting(actor, community)
    themes = _clean_themes(community, themes)
    if circle is not None and circle.community_id != community.pk:
        raise ValidationError({"circle": _("Choose a circle of this community.")})
    question = Question(
        community=community,
        author=actor,
        title=title.strip(),
        body=body.strip(),
        visibility=visibility,
        circle=circle,
    )
    question.full_clean()
    mentions = mentioned(community, question.title, question.body, visibility=question.visibility)
    question.save()
    question.themes.set(themes)
    url = question.get_absolute_url()
    Follow.objects.create(community=community, follower=actor, question=question)
    feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.QUESTION,
        verb=Verb.QUESTION_ASKED,
        params={"name": actor, "title": question.title},
        url=url,
        visibility=visibility,
    )
    followers = set(
        Follow.objects.filter(community=community, theme__in=themes).values_list("follower_id", flat=True)
    ) | set(Follow.objects.filter(community=community, member=actor).values_list("follower_id", flat=True))
    followers -= {user.pk for user in mentions}
    notify(
        community=community,
        recipients=User.objects.filter(pk__in=followers),
        kind=NotificationKind.FOLLOWED,
        verb=Verb.QUESTION_NEW,
        params={"title": question.title},
        url=url,
        actor=actor,
        visibility=question.visibility,
        body=question.body,
    )
    _notify_mentions(
        community,
        mentions,
        actor,
        Verb.QUESTION_MENTION,
        {"name": actor, "title": question.title},
        url,
        question.visibility,
        body=question.body,
    )
    events.announce(
        events.QUESTION_ASKED, community=community, question=question, actor=actor, visibility=visibility, url=url
    )
    return question


@transaction.atomic
def answer_post(*, actor: User, question: Question, body: str) -> Answer:
    community = question.community
    exchanges_permissions.membership_for_posting(actor, community)
    exchanges_permissions.require_read(actor, community, question)
    answer = Answer(question=question, author=actor, body=body.strip())
    answer.full_clean()
    mentions = mentioned(community, answer.body, visibility=question.visibility)
    answer.save()
    if question.first_answer_at is None:
        question.first_answer_at = answer.created_at
        question.save(update_fields=["first_answer_at"])
    Follow.objects.get_or_create(community=community, follower=actor, question=question)
    url = answer.get_absolute_url()
    feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.ANSWER,
        verb=Verb.ANSWER_POSTED,
        params={"name": actor, "title": question.title},
        url=url,
        visibility=question.visibility,
    )
    mention_ids = {user.pk for user in mentions}
    if question.author_id and question.author_id not in mention_ids:
        notify(
            community=community,
            recipients=User.objects.filter(pk=question.author_id),
            kind=NotificationKind.ANSWER,
            verb=Verb.ANSWER_TO_YOU,
            params={"name": actor, "title": question.title},
            url=url,
            actor=actor,
            visibility=question.visibility,
            body=answer.body,
        )
    followers = set(question.follows.values_list("follower_id", flat=True)) - mention_ids - {question.author_id}
    notify(
        community=community,
        recipients=User.objects.filter(pk__in=followers),
        kind=NotificationKind.FOLLOWED,
        verb=Verb.ANSWER_NEW,
        params={"title": question.title},
        url=url,
        actor=actor,
        visibility=question.visibility,
        body=answer.body,
    )
    _notify_mentions(
        community,
        mentions,
        actor,
        Verb.ANSWER_MENTION,
        {"name": actor, "title": question.title},
        url,
        question.visibility,
        body=answer.body,
    )
    events.announce(
        events.ANSWER_POSTED,
        community=community,
        question=question,
        answer=answer,
        actor=actor,
        visibility=question.visibility,
        url=url,
    )
    return answer


@transaction.atomic
def answer_vote(*, actor: User, answer: Answer) -> bool:
    """Vote an answer useful, or take the vote back; returns whether the vote now stands."""
    exchanges_permissions.membership_for_posting(actor, answer.question.community)
    if answer.author_id == actor.pk:
        raise ValidationError(_("You cannot vote for your own answer."))
    vote, created = UsefulVote.objects.get_or_create(answer=answer, voter=actor)
    if not created:
        vote.delete()
    return created


@transaction.atomic
def answer_accept(*, actor: User, answer: Answer) -> Question:
    question = answer.question
    exchanges_permissions.require_accept(actor, question)
    question.accepted_answer = answer
    if question.accepted_at is None:  # the time to an accepted answer counts from the first one
        question.accepted_at = timezone.now()
    question.save(update_fields=["accepted_answer", "accepted_at"])
    if answer.author_id:
        notify(
            community=question.community,
            recipients=User.objects.filter(pk=answer.author_id),
            kind=NotificationKind.ACCEPTED,
            verb=Verb.ANSWER_ACCEPTED,
            params={"title": question.title},
            url=answer.get_absolute_url(),
            actor=actor,
            visibility=question.visibility,
        )
    return question
