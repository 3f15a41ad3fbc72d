"""Writes of the exchanges: questions, answers, help, kudos, follows, notifications, the rhythm.

Other apps call two of them: `notify()` (tell members something, within their rhythm) and
`feed_record()` (add a line to the community's activity feed).
"""

import re
from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import User
from terreau.communities.models import Community, Membership
from terreau.core.models import Visibility

from . import mailing
from .models import (
    Answer,
    FeedItem,
    Follow,
    Frequency,
    HelpPost,
    HelpStep,
    Kudos,
    Notification,
    NotificationKind,
    NotificationPreference,
    Question,
    RhythmPolicy,
    UsefulVote,
    Verb,
    WeeklyMessage,
)

MENTION = re.compile(r"(?<![\w@])@([\w][\w.\-]*\w|\w)")
ACTIVE = Membership.Status.ACTIVE


def can_facilitate(user, community: Community) -> bool:
    """The facilitation role, or the core team (which carries every role nobody holds)."""
    return permissions.can(user, "exchanges.facilitate", community)


def require_facilitation(user, community: Community) -> None:
    permissions.require(user, "workspace.view", community)
    if not can_facilitate(user, community):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


def _require_member(actor, community: Community) -> Membership:
    """Writing in a community takes a membership (the platform admin reads, but does not post)."""
    permissions.require(actor, "workspace.view", community)
    membership = permissions.membership(actor, community)
    if membership is None:
        raise ValidationError(_("Only members of the community can do this."))
    return membership


# Notifications and the feed -------------------------------------------------------------


def notify(
    *,
    community: Community,
    recipients: Iterable[User],
    kind: str,
    verb: str = "",
    params: dict | None = None,
    text: str = "",
    url: str = "",
    actor: User | None = None,
    now: datetime | None = None,
    visibility: str = Visibility.MEMBERS,
) -> list[Notification]:
    """Tell members something: in the notification centre at once, by email within their rhythm.

    Say what happened with a `verb` (models.Verb) and its `params` (names, titles): each member
    reads the sentence in their own language. `text` is for a sentence without a verb (it then
    reads the same for everyone). The actor is never notified of their own doing; people who are
    not active members are skipped, and so are those who may not see a thing of `visibility`
    (the visibility of what the notification names: its title must not reach them).
    """
    wanted = {user.pk for user in recipients} - ({actor.pk} if actor else set())
    if not wanted:
        return []
    now = now or timezone.now()
    members = dict(
        permissions.members_who_may_see(community, visibility)
        .filter(user_id__in=wanted)
        .values_list("user_id", "notification_preference__unsubscribed_kinds")
    )
    notifications = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            community=community,
            kind=kind,
            actor=actor,
            verb=verb,
            params=_params(params),
            text=text[:300],
            url=url,
            created_at=now,
            email_wanted=kind not in (unsubscribed or []),
        )
        for user_id, unsubscribed in members.items()
    )
    emailed = [n.recipient_id for n in notifications if n.email_wanted]
    if emailed:
        from .tasks import rhythm_run_members

        transaction.on_commit(lambda: rhythm_run_members.enqueue(community.pk, emailed))
    return notifications


def _params(params: dict | None) -> dict:
    """Names and titles as plain strings (a user becomes their display name), kept short."""
    return {key: str(value)[:300] for key, value in (params or {}).items()}


def feed_record(
    *,
    community: Community,
    actor: User | None,
    kind: str,
    verb: str = "",
    params: dict | None = None,
    text: str = "",
    url: str = "",
    visibility: str = "members",
) -> FeedItem:
    """A line of the feed: a `verb` and its `params`, read in each reader's language (or a `text`)."""
    return FeedItem.objects.create(
        community=community,
        actor=actor,
        kind=kind,
        verb=verb,
        params=_params(params),
        text=text[:300],
        url=url,
        visibility=visibility,
        created_at=timezone.now(),
    )


@transaction.atomic
def notifications_mark_read(*, actor: User, community: Community | None = None, ids: list[int] | None = None) -> int:
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if community is not None:
        unread = unread.filter(community=community)
    if ids:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


# Mentions -------------------------------------------------------------------------------


def handle(user: User) -> str:
    """How to mention someone: @ and their name with hyphens (`@julie-martin`)."""
    return slugify(user.display_name) or f"user-{user.pk}"


def mentioned(community: Community, *texts: str, visibility: str = Visibility.MEMBERS) -> list[User]:
    """The members `@`-named in the texts; a name that is not a member's is refused clearly, and so
    is a member who may not see a thing of `visibility` (they would not be told)."""
    wanted = {match.lower() for text in texts for match in MENTION.findall(text or "")}
    if not wanted:
        return []
    found = {}
    for membership in Membership.objects.filter(community=community, status=ACTIVE).select_related("user"):
        name = handle(membership.user)
        if name in wanted:
            found[name] = membership.user
    unknown = sorted(wanted - set(found))
    if unknown:
        raise ValidationError(
            {
                "body": _(
                    "%(names)s: no member of this community has this name, so nobody would be told. "
                    "Check the spelling (a member's name with hyphens, like @julie-martin) or remove the @."
                )
                % {"names": ", ".join(f"@{name}" for name in unknown)}
            }
        )
    allowed = set(
        permissions.members_who_may_see(community, visibility)
        .filter(user_id__in=[user.pk for user in found.values()])
        .values_list("user_id", flat=True)
    )
    hidden = sorted(name for name, user in found.items() if user.pk not in allowed)
    if hidden:
        raise ValidationError(
            {
                "body": _(
                    "%(names)s may not see this (%(visibility)s), so they would not be told. "
                    "Remove the @ before their name."
                )
                % {"names": ", ".join(f"@{name}" for name in hidden), "visibility": Visibility(visibility).label}
            }
        )
    return list(found.values())


def _notify_mentions(community, users, actor, verb, params, url, visibility):
    notify(
        community=community,
        recipients=users,
        kind=NotificationKind.MENTION,
        verb=verb,
        params=params,
        url=url,
        actor=actor,
        visibility=visibility,
    )


# Questions and answers --------------------------------------------------------------------


def _clean_themes(community: Community, themes: list[str]) -> list[str]:
    allowed = community.theme_list
    unknown = [theme for theme in themes if theme not in allowed]
    if unknown:
        raise ValidationError({"themes": _("Choose among the community's themes.")})
    return list(dict.fromkeys(themes))


@transaction.atomic
def question_ask(
    *, actor: User, community: Community, title: str, body: str = "", themes: list[str] = (), visibility="members"
) -> Question:
    _require_member(actor, community)
    question = Question(
        community=community,
        author=actor,
        title=title.strip(),
        body=body.strip(),
        themes=_clean_themes(community, list(themes)),
        visibility=visibility,
    )
    question.full_clean()
    mentions = mentioned(community, question.title, question.body, visibility=question.visibility)
    question.save()
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
    followers = Follow.objects.filter(community=community, theme__in=question.themes).values_list(
        "follower_id", flat=True
    )
    followers = set(followers) | set(
        Follow.objects.filter(community=community, member=actor).values_list("follower_id", flat=True)
    )
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
    )
    _notify_mentions(
        community,
        mentions,
        actor,
        Verb.QUESTION_MENTION,
        {"name": actor, "title": question.title},
        url,
        question.visibility,
    )
    return question


@transaction.atomic
def answer_post(*, actor: User, question: Question, body: str) -> Answer:
    community = question.community
    _require_member(actor, community)
    if not permissions.can_see(actor, community, question):
        raise ValidationError(_("This question is not open to you."))
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
    )
    _notify_mentions(
        community,
        mentions,
        actor,
        Verb.ANSWER_MENTION,
        {"name": actor, "title": question.title},
        url,
        question.visibility,
    )
    return answer


@transaction.atomic
def answer_vote(*, actor: User, answer: Answer) -> bool:
    """Vote an answer useful, or take the vote back; returns whether the vote now stands."""
    _require_member(actor, answer.question.community)
    if answer.author_id == actor.pk:
        raise ValidationError(_("You cannot vote for your own answer."))
    vote, created = UsefulVote.objects.get_or_create(answer=answer, voter=actor)
    if not created:
        vote.delete()
    return created


def can_accept(user, question: Question) -> bool:
    return user.is_authenticated and (question.author_id == user.pk or can_facilitate(user, question.community))


@transaction.atomic
def answer_accept(*, actor: User, answer: Answer) -> Question:
    question = answer.question
    permissions.require(actor, "workspace.view", question.community)
    if not can_accept(actor, question):
        raise ValidationError(_("Only the person who asked, or a facilitator, can accept an answer."))
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


# Help -------------------------------------------------------------------------------------


@transaction.atomic
def help_post_create(
    *, actor: User, community: Community, kind: str, title: str, body: str = "", visibility="members"
) -> HelpPost:
    _require_member(actor, community)
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
    _notify_mentions(community, mentions, actor, verb, params, url, post.visibility)
    return post


@transaction.atomic
def help_step_in(*, actor: User, post: HelpPost, message: str = "") -> HelpStep:
    _require_member(actor, post.community)
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
        )
    return step


@transaction.atomic
def help_set_status(*, actor: User, post: HelpPost, status: str) -> HelpPost:
    permissions.require(actor, "workspace.view", post.community)
    if post.author_id != actor.pk and not can_facilitate(actor, post.community):
        raise ValidationError(_("Only the author or a facilitator can change the status."))
    post.status = status
    post.full_clean()
    post.save(update_fields=["status"])
    return post


# Kudos ------------------------------------------------------------------------------------


@transaction.atomic
def kudos_give(*, actor: User, community: Community, receiver: Membership, message: str, visibility="members") -> Kudos:
    _require_member(actor, community)
    if receiver.community_id != community.pk or receiver.status != ACTIVE:
        raise ValidationError({"receiver": _("Choose a member of this community.")})
    if receiver.user_id == actor.pk:
        raise ValidationError({"receiver": _("Kudos go to someone else.")})
    kudos = Kudos(community=community, giver=actor, receiver=receiver.user, message=message.strip())
    kudos.visibility = visibility
    kudos.full_clean()
    kudos.save()
    from django.urls import reverse

    url = reverse("communities:member", args=[community.slug, receiver.pk])
    feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.KUDOS,
        verb=Verb.KUDOS_GIVEN,
        params={"giver": actor, "receiver": receiver.user},
        url=url,
        visibility=visibility,
    )
    notify(
        community=community,
        recipients=[receiver.user],
        kind=NotificationKind.KUDOS,
        verb=Verb.KUDOS_RECEIVED,
        params={"giver": actor, "message": kudos.message[:200]},
        url=url,
        actor=actor,
        visibility=visibility,
    )
    return kudos


# Follows ----------------------------------------------------------------------------------


@transaction.atomic
def follow_toggle(
    *, actor: User, community: Community, question: Question | None = None, theme: str = "", member=None
) -> bool:
    """Follow, or stop following; returns whether the person now follows."""
    _require_member(actor, community)
    if theme and theme not in community.theme_list:
        raise ValidationError(_("This is not one of the community's themes."))
    if member is not None and (member.community_id != community.pk or member.user_id == actor.pk):
        raise ValidationError(_("Choose another member of this community."))
    if not (question or theme or member):
        raise ValidationError(_("Choose what to follow."))
    lookup = {"community": community, "follower": actor}
    if question is not None:
        lookup["question"] = question
    elif theme:
        lookup["theme"] = theme
    else:
        lookup["member"] = member.user
    found = Follow.objects.filter(**lookup).first()
    if found:
        found.delete()
        return False
    Follow.objects.create(**lookup)
    return True


# The rhythm: preferences, policy, weekly message, welcome ------------------------------------


@transaction.atomic
def preference_update(
    *, actor: User, community: Community, frequency: str, time_zone: str, unsubscribed_kinds: list[str]
) -> NotificationPreference:
    membership = _require_member(actor, community)
    preference, _created = NotificationPreference.objects.get_or_create(membership=membership)
    preference.frequency = frequency
    preference.time_zone = time_zone
    preference.unsubscribed_kinds = sorted(set(unsubscribed_kinds) & set(NotificationKind.values))
    preference.full_clean()
    preference.save()
    return preference


@transaction.atomic
def unsubscribe(*, community: Community, token: str) -> tuple[User, str]:
    """One click from an email, no sign-in: the signed token names the member and the kind."""
    read = mailing.unsubscribe_read(token)
    if read is None or read[1] != community.pk:
        raise ValidationError(_("This unsubscribe link is not valid. Change your email settings after signing in."))
    user_id, _community_id, kind = read
    membership = Membership.objects.filter(community=community, user_id=user_id).select_related("user").first()
    if membership is None:
        raise ValidationError(_("This unsubscribe link is not valid. Change your email settings after signing in."))
    preference, _created = NotificationPreference.objects.get_or_create(membership=membership)
    if kind == mailing.ALL_KINDS:
        preference.frequency = Frequency.OFF
    elif kind not in preference.unsubscribed_kinds:
        preference.unsubscribed_kinds = [*preference.unsubscribed_kinds, kind]
    preference.save()
    if kind != mailing.ALL_KINDS:
        Notification.objects.filter(
            recipient_id=user_id, community=community, kind=kind, emailed_at__isnull=True
        ).update(email_wanted=False)
    return membership.user, kind


@transaction.atomic
def policy_update(*, actor: User, community: Community, daily_ceiling: int, weekly_day: int, welcome_memo: str):
    require_facilitation(actor, community)
    policy, _created = RhythmPolicy.objects.get_or_create(community=community)
    policy.daily_ceiling = daily_ceiling
    policy.weekly_day = weekly_day
    policy.welcome_memo = welcome_memo.strip()
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def weekly_message_send(*, actor: User, community: Community, subject: str, body: str) -> WeeklyMessage:
    """The facilitator's message goes to every member, as one email each within their rhythm."""
    require_facilitation(actor, community)
    message = WeeklyMessage(community=community, author=actor, subject=subject.strip(), body=body.strip())
    message.full_clean()
    message.sent_at = timezone.now()
    message.save()
    from django.urls import reverse

    url = reverse("exchanges:weekly_detail", args=[community.slug, message.pk])
    feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.WEEKLY_MESSAGE,
        verb=Verb.WEEKLY_MESSAGE,
        params={"subject": message.subject},
        url=url,
    )
    recipients = User.objects.filter(memberships__community=community, memberships__status=ACTIVE)
    notifications = notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.WEEKLY_MESSAGE,
        verb=Verb.WEEKLY_MESSAGE,
        params={"subject": message.subject},
        url=url,
        actor=None,  # the author receives it too: it is the community's message
    )
    # Each email carries this message's own text, even when a second one follows in the week.
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(weekly_message=message)
    return message


def member_welcome(*, membership: Membership) -> None:
    """Hook for terreau.communities.services: call it when a membership becomes active.

    The welcome memo goes to the newcomer (at once, whatever their rhythm), the feed says
    who joined.
    """
    community = membership.community
    from django.urls import reverse

    url = reverse("communities:member", args=[community.slug, membership.pk])
    feed_record(
        community=community,
        actor=membership.user,
        kind=FeedItem.Kind.MEMBER_JOINED,
        verb=Verb.MEMBER_JOINED,
        params={"name": membership.user},
        url=url,
    )
    notify(
        community=community,
        recipients=[membership.user],
        kind=NotificationKind.WELCOME,
        verb=Verb.WELCOME,
        params={"community": community.name},
        url=community.get_absolute_url(),
    )


# Questions into knowledge -------------------------------------------------------------------

KNOWLEDGE_TYPES = ("exchange_memo", "good_practice")
_FIELD_MAX = 8000  # the knowledge fields' length (knowledge.forms._text)


def can_turn_into_knowledge(user, question: Question) -> bool:
    """The asker, the facilitators and the content managers (the core team and the admin among them)."""
    from terreau.knowledge import access as knowledge_access

    if not user.is_authenticated or not permissions.can_see(user, question.community, question):
        return False
    return (
        (question.author_id == user.pk and permissions.membership(user, question.community) is not None)
        or can_facilitate(user, question.community)
        or knowledge_access.is_content_manager(user, question.community)
    )


def _credited_answers(question: Question) -> list[Answer]:
    """The accepted answer first, then those voted useful (most votes first); all of them when none is."""
    from django.db.models import Count

    answers = list(question.answers.select_related("author").annotate(useful=Count("votes")).order_by("created_at"))
    chosen = [a for a in answers if a.pk == question.accepted_answer_id]
    chosen += sorted((a for a in answers if a.useful and a.pk != question.accepted_answer_id), key=lambda a: -a.useful)
    return chosen or answers


def _fit(text: str, limit: int = _FIELD_MAX) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _name(user) -> str:
    return str(user) if user else _("a former member")


def _quote(question: Question) -> str:
    return "\n\n".join(part for part in [f"**{question.title}**", question.body] if part)


def _answers_text(question: Question, answers: list[Answer]) -> str:
    parts = []
    for answer in answers:
        if answer.pk == question.accepted_answer_id:
            heading = _("Accepted answer, by %(name)s") % {"name": _name(answer.author)}
        else:
            heading = _("Answer by %(name)s") % {"name": _name(answer.author)}
        parts.append(f"**{heading}**\n\n{answer.body}")
    return "\n\n".join(parts)


def _credit_line(question: Question, answers: list[Answer]) -> str:
    names = list(dict.fromkeys(_name(answer.author) for answer in answers))
    return _("From the question asked by %(asker)s on %(date)s, with the answers of %(names)s.") % {
        "asker": _name(question.author),
        "date": timezone.localdate(question.created_at).isoformat(),
        "names": ", ".join(names),
    }


@transaction.atomic
def question_to_knowledge(*, actor: User, question: Question, item_type: str):
    """A draft exchange memo or good practice from a question and its best answers.

    The person converting is the item's author; the asker and the answerers are named in it
    (participants, the credit line and each answer's heading) and told about it.
    """
    from terreau.knowledge import services as knowledge_services
    from terreau.knowledge.models import Theme

    community = question.community
    permissions.require(actor, "workspace.view", community)
    if not can_turn_into_knowledge(actor, question):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    if item_type not in KNOWLEDGE_TYPES:
        raise ValidationError({"item_type": _("Choose an exchange memo or a good practice.")})
    if question.knowledge_item_id:
        raise ValidationError(_("This question is already a knowledge item."))
    answers = _credited_answers(question)
    if not answers:
        raise ValidationError(_("A question becomes a knowledge item once it has an answer."))
    answers_text = _answers_text(question, answers)
    credit = _credit_line(question, answers)
    if item_type == "exchange_memo":
        people = list(dict.fromkeys([_name(question.author)] + [_name(a.author) for a in answers]))
        fields = {
            "held_on": timezone.localdate(question.created_at).isoformat(),
            "participants": _fit(", ".join(people), 2000),
            "learned": _fit(f"{credit}\n\n{_quote(question)}\n\n{answers_text}"),
            "follow_ups": "",
        }
        contact = None
    else:
        best = answers[0]
        fields = {
            "for_whom": _fit(_("Members who ask themselves: %(title)s") % {"title": question.title}),
            "why": _fit(_quote(question)),
            "key_benefits": _fit(best.body),
            "in_practice": _fit(f"{answers_text}\n\n*{credit}*"),
            "points_of_attention": "",
            "standing": "idea",
            "evidence": "",
            "contact_name": "",
            "contact_email": "",
        }
        contact = (
            Membership.objects.filter(community=community, user_id=best.author_id, status=ACTIVE).first()
            if best.author_id
            else None
        )
    item = knowledge_services.item_create(
        actor=actor,
        community=community,
        type=item_type,
        title=question.title,
        fields=fields,
        themes=Theme.objects.filter(community=community, name__in=question.themes),
        visibility=question.visibility,
        contact=contact,
    )
    question.knowledge_item = item
    question.save(update_fields=["knowledge_item"])
    credited = {question.author_id} | {answer.author_id for answer in answers}
    notify(
        community=community,
        recipients=User.objects.filter(pk__in=credited - {None}),
        kind=NotificationKind.FOLLOWED,
        verb=Verb.QUESTION_TO_KNOWLEDGE,
        params={"name": actor, "title": question.title},
        url=question.get_absolute_url(),
        actor=actor,
        visibility=question.visibility,
    )
    return item
