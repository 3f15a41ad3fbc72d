"""The exchanges' answers to the other apps' events (`terreau.core.events`), connected in apps.py.

What happens elsewhere reaches members the way everything does here: a line in the feed (and so
in the digest's highlights and the weekly message's draft) and notifications, emailed within
each member's rhythm. Each says no more than the payload's `visibility` allows: a feed line
takes it, and `notify` tells only the members who may see a thing of it.
"""

from terreau.accounts.models import User
from terreau.communities.models import Community, Membership
from terreau.core import events
from terreau.core.models import Visibility

from . import services
from .models import FeedItem, Follow, NotificationKind, Verb


def connect() -> None:
    events.subscribe(events.MEMBER_JOINED, member_joined)
    events.subscribe(events.KNOWLEDGE_PUBLISHED, knowledge_published)
    events.subscribe(events.KNOWLEDGE_UPDATED, knowledge_updated)
    events.subscribe(events.CHARTER_ADOPTED, charter_adopted)
    events.subscribe(events.CALL_OPENED, call_opened)
    events.subscribe(events.APPLICATION_RECEIVED, application_received)
    events.subscribe(events.ACTION_DONE, action_done)
    events.subscribe(events.ACTION_BLOCKED, action_blocked)
    events.subscribe(events.EVENT_REMINDER, event_reminder)
    events.subscribe(events.EVENT_PLACE_FREED, event_place_freed)
    events.subscribe(events.EVENT_PLANNED, event_planned)
    events.subscribe(events.EVENT_CANCELLED, event_cancelled)
    events.subscribe(events.EVENT_MOVED, event_moved)
    events.subscribe(events.MINUTES_DUE, minutes_due)
    events.subscribe(events.EVALUATION_DUE, evaluation_due)
    events.subscribe(events.DECISION_ROUND_OPENED, decision_round_opened)
    events.subscribe(events.DECISION_ADOPTED, decision_adopted)
    events.subscribe(events.RETROSPECTIVE_RECORDED, retrospective_recorded)
    events.subscribe(events.DECISION_REVIEW_DUE, decision_review_due)
    events.subscribe(events.SURVEY_OPENED, survey_opened)
    events.subscribe(events.SURVEY_REMINDER, survey_reminder)
    events.subscribe(events.CIRCLE_JOIN_REQUESTED, circle_join_requested)
    events.subscribe(events.CIRCLE_REQUEST_DECIDED, circle_request_decided)
    events.subscribe(events.ELECTION_OPENED, election_opened)
    events.subscribe(events.ELECTION_REVEALED, election_revealed)
    events.subscribe(events.ELECTION_PROPOSED, election_proposed)
    events.subscribe(events.ELECTION_DONE, election_done)
    events.subscribe(events.ELECTION_TERM_ENDING, election_term_ending)
    events.subscribe(events.ROLE_CALL_OPENED, role_call_opened)
    events.subscribe(events.ROLE_VOLUNTEERED, role_volunteered)
    events.subscribe(events.ROLE_VOLUNTEER_DECIDED, role_volunteer_decided)
    events.subscribe(events.COMMENT_POSTED, comment_posted)
    events.subscribe(events.IDEA_PROPOSED, idea_proposed)
    events.subscribe(events.IDEA_ANSWERED, idea_answered)


def _core_team(community: Community):
    return User.objects.filter(
        memberships__community=community,
        memberships__status=Membership.Status.ACTIVE,
        memberships__is_core_team=True,
    )


def member_joined(*, community, membership):
    services.member_welcome(membership=membership)


def knowledge_published(*, community, item, actor, visibility, themes, url):
    """A feed line, and the followers of its themes told (as of a new question in them)."""
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.KNOWLEDGE,
        verb=Verb.KNOWLEDGE_PUBLISHED,
        params={"name": actor, "title": item},
        url=url,
        visibility=visibility,
    )
    followers = Follow.objects.filter(community=community, theme_id__in=themes).values_list("follower_id", flat=True)
    services.notify(
        community=community,
        recipients=User.objects.filter(pk__in=followers),
        kind=NotificationKind.FOLLOWED,
        verb=Verb.KNOWLEDGE_NEW,
        params={"title": item},
        url=url,
        actor=actor,
        visibility=visibility,
    )


def knowledge_updated(*, community, item, actor, visibility, url, note, published):
    """A feed line only for a published item saved with a note saying what changed: the editor
    who writes one means it as news; a small fix without one stays quiet.

    Whatever the note, the feed's earlier lines on the item take its visibility: an item narrowed
    to the core team no longer shows its title to members in their feed or digest.
    """
    FeedItem.objects.filter(community=community, kind=FeedItem.Kind.KNOWLEDGE, url=url).exclude(
        visibility=visibility
    ).update(visibility=visibility)
    if published and note:
        services.feed_record(
            community=community,
            actor=actor,
            kind=FeedItem.Kind.KNOWLEDGE,
            verb=Verb.KNOWLEDGE_UPDATED,
            params={"name": actor, "title": item, "note": note},
            url=url,
            visibility=visibility,
        )


def charter_adopted(*, community, version, number, actor, visibility, url):
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.CHARTER,
        verb=Verb.CHARTER_ADOPTED,
        params={"name": actor, "number": number},
        url=url,
        visibility=visibility,
    )


def call_opened(*, community, call, actor, visibility, url):
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.CALL,
        verb=Verb.CALL_OPENED,
        params={"name": actor, "title": call},
        url=url,
        visibility=visibility,
    )


def application_received(*, community, call, application, name, url):
    """The core team is told, each member within their rhythm; nobody else hears of it."""
    services.notify(
        community=community,
        recipients=_core_team(community),
        kind=NotificationKind.APPLICATION,
        verb=Verb.APPLICATION_RECEIVED,
        params={"name": name, "title": call},
        url=url,
        visibility=Visibility.CORE_TEAM,
    )


def action_done(*, community, action, actor, visibility, url, owners):
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.ACTION,
        verb=Verb.ACTION_DONE,
        params={"name": actor, "title": action},
        url=url,
        visibility=visibility,
    )


def action_blocked(*, community, action, actor, visibility, url, owners):
    """Its owners and the core team are told: a blocked action waits for someone to unblock it."""
    recipients = {user.pk for user in owners} | set(_core_team(community).values_list("pk", flat=True))
    services.notify(
        community=community,
        recipients=User.objects.filter(pk__in=recipients),
        kind=NotificationKind.ACTION,
        verb=Verb.ACTION_BLOCKED,
        params={"name": actor, "title": action},
        url=url,
        actor=actor,
        visibility=visibility,
    )


def event_planned(*, community, meeting, actor, visibility, url):
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.EVENT,
        verb=Verb.EVENT_PLANNED,
        params={"name": actor, "title": meeting},
        url=url,
        visibility=visibility,
    )


def event_cancelled(*, community, meeting, actor, visibility, url, reason, registered):
    """A feed line, and the people registered or waiting told: they were counting on it."""
    params = {"title": meeting, "reason": reason}
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.EVENT,
        verb=Verb.EVENT_CANCELLED,
        params=params,
        url=url,
        visibility=visibility,
    )
    services.notify(
        community=community,
        recipients=[user for user in registered if user != actor],
        kind=NotificationKind.EVENT,
        verb=Verb.EVENT_CANCELLED,
        params=params,
        url=url,
        actor=actor,
        visibility=visibility,
    )


def event_moved(*, community, meeting, actor, visibility, url, starts_at, registered):
    """The people registered or waiting are told; the feed says it too, the new time is on the page."""
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.EVENT,
        verb=Verb.EVENT_MOVED,
        params={"title": meeting},
        url=url,
        visibility=visibility,
    )
    services.notify(
        community=community,
        recipients=[user for user in registered if user != actor],
        kind=NotificationKind.EVENT,
        verb=Verb.EVENT_MOVED,
        params={"title": meeting},
        url=url,
        actor=actor,
        visibility=visibility,
    )


def event_reminder(*, community, meeting, recipients, when, visibility, url):
    """Each registered person told, by email within their rhythm.

    The kind is urgent (models.URGENT_KINDS): the reminder goes out alone whatever the member's
    frequency, so a weekly-digest member gets it before the event, never above the daily
    ceiling: when today's ceiling is reached it waits for the next pass with a free slot (the
    next morning at the latest), or is folded into the digest that takes the last slot.
    """
    services.notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.EVENT,
        verb=Verb.EVENT_REMINDER,
        params={"title": meeting, "when": when},
        url=url,
        visibility=visibility,
    )


def event_place_freed(*, community, meeting, user, when, visibility, url):
    """The first on the waiting list now holds a place: told at once (urgent, within the ceiling)."""
    services.notify(
        community=community,
        recipients=[user],
        kind=NotificationKind.EVENT,
        verb=Verb.EVENT_PLACE_FREED,
        params={"title": meeting, "when": when},
        url=url,
        visibility=visibility,
    )


def minutes_due(*, community, meeting, recipients, days, visibility, url):
    """The organisers of an event without minutes are reminded, each within their rhythm."""
    services.notify(
        community=community,
        recipients=User.objects.filter(pk__in=[user.pk for user in recipients]),
        kind=NotificationKind.MINUTES,
        verb=Verb.MINUTES_DUE,
        params={"title": meeting},
        url=url,
        visibility=visibility,
    )


def idea_answered(*, community, idea, actor, visibility, url, status, answer, recipients):
    """The proposer and the supporters are told the core team's answer, with its word."""
    services.notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.IDEA,
        verb=IDEA_VERBS[status],
        params={"title": idea, "answer": answer},
        url=url,
        actor=actor,
        visibility=visibility,
    )


IDEA_VERBS = {"taken_up": Verb.IDEA_TAKEN_UP, "not_now": Verb.IDEA_NOT_NOW, "declined": Verb.IDEA_DECLINED}


def idea_proposed(*, community, idea, actor, visibility, url):
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.IDEA,
        verb=Verb.IDEA_PROPOSED,
        params={"name": actor, "title": idea},
        url=url,
        visibility=visibility,
    )


def comment_posted(*, community, comment, title, actor, visibility, url, mentioned, people):
    """The members mentioned are told so; those who carry the thing, of a new comment. Each once,
    within their rhythm, and only if they may see the thing (`notify` checks its visibility)."""
    params = {"name": actor, "title": title}
    services.notify(
        community=community,
        recipients=mentioned,
        kind=NotificationKind.MENTION,
        verb=Verb.COMMENT_MENTION,
        params=params,
        url=url,
        actor=actor,
        visibility=visibility,
        body=comment.body,
    )
    services.notify(
        community=community,
        recipients=people,
        kind=NotificationKind.COMMENT,
        verb=Verb.COMMENT_NEW,
        params=params,
        url=url,
        actor=actor,
        visibility=visibility,
        body=comment.body,
    )


def role_volunteer_decided(*, community, call, role, user, confirmed, note, actor, visibility, url):
    services.notify(
        community=community,
        recipients=[user],
        kind=NotificationKind.ROLES,
        verb=Verb.ROLE_VOLUNTEER_CONFIRMED if confirmed else Verb.ROLE_VOLUNTEER_DECLINED,
        params={"role": role, "note": note},
        url=url,
        actor=actor,
        visibility=visibility,
    )


def role_volunteered(*, community, call, role, user, recipients, visibility, url):
    services.notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.ROLES,
        verb=Verb.ROLE_VOLUNTEERED,
        params={"name": user, "role": role},
        url=url,
        actor=user,
        visibility=visibility,
    )


def role_call_opened(*, community, call, actor, visibility, url):
    """A feed line (so the digest and the weekly message carry it) and every member who may see it told."""
    params = {"name": actor, "title": call}
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.ROLES,
        verb=Verb.ROLE_CALL_OPENED,
        params=params,
        url=url,
        visibility=visibility,
    )
    services.notify(
        community=community,
        recipients=User.objects.filter(
            memberships__in=Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        ),
        kind=NotificationKind.ROLES,
        verb=Verb.ROLE_CALL_OPENED,
        params=params,
        url=url,
        actor=actor,
        visibility=visibility,
    )


def election_term_ending(*, community, election, holder, term_ends_on, recipients, visibility, url):
    services.notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.ROLES,
        verb=Verb.ELECTION_TERM_ENDING,
        params={"name": holder, "title": election, "date": term_ends_on},
        url=url,
        visibility=visibility,
    )


def election_done(*, community, election, actor, holder, term_ends_on, recipients, visibility, url):
    params = {"name": holder, "title": election, "date": term_ends_on}
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.ROLES,
        verb=Verb.ELECTION_DONE,
        params=params,
        url=url,
        visibility=visibility,
    )
    services.notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.ROLES,
        verb=Verb.ELECTION_DONE,
        params=params,
        url=url,
        actor=actor,
        visibility=visibility,
    )


def election_proposed(*, community, election, actor, nominee, recipients, visibility, url):
    """The participants and the person proposed are asked for their answer (the nominee may not be
    a participant, nor see the election's visibility otherwise: they are told as a member)."""
    params = {"name": nominee, "title": election}
    services.notify(
        community=community,
        recipients=[user for user in recipients if user != nominee],
        kind=NotificationKind.ROLES,
        verb=Verb.ELECTION_PROPOSED,
        params=params,
        url=url,
        actor=actor,
        visibility=visibility,
    )
    services.notify(
        community=community,
        recipients=[nominee],
        kind=NotificationKind.ROLES,
        verb=Verb.ELECTION_PROPOSED,
        params=params,
        url=url,
        actor=actor,
        visibility=Visibility.MEMBERS,
    )


def election_revealed(*, community, election, actor, recipients, visibility, url):
    services.notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.ROLES,
        verb=Verb.ELECTION_REVEALED,
        params={"title": election},
        url=url,
        actor=actor,
        visibility=visibility,
    )


def election_opened(*, community, election, actor, recipients, visibility, url):
    """Each participant is asked to nominate someone."""
    services.notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.ROLES,
        verb=Verb.ELECTION_OPENED,
        params={"title": election},
        url=url,
        actor=actor,
        visibility=visibility,
    )


def circle_request_decided(*, community, circle, requester, approved, actor, visibility, url):
    """The member who asked is told the answer, whichever it is."""
    services.notify(
        community=community,
        recipients=[requester],
        kind=NotificationKind.CIRCLES,
        verb=Verb.CIRCLE_REQUEST_APPROVED if approved else Verb.CIRCLE_REQUEST_DECLINED,
        params={"title": str(circle)},
        url=url,
        actor=actor,
        visibility=visibility,
    )


def circle_join_requested(*, community, circle, name, recipients, visibility, url):
    """Those who decide (the circle's coordinators, or the core team) are told within their rhythm."""
    services.notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.CIRCLES,
        verb=Verb.CIRCLE_JOIN_REQUESTED,
        params={"name": name, "title": str(circle)},
        url=url,
        visibility=visibility,
    )


def survey_reminder(*, community, survey, recipients, closes_on, visibility, url):
    """Those who have not answered yet, reminded once within their rhythm (no feed line: it would
    tell everyone who has not answered)."""
    services.notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.SURVEY,
        verb=Verb.SURVEY_REMINDER,
        params={"title": survey, "date": closes_on.isoformat()},
        url=url,
        visibility=visibility,
    )


def survey_opened(*, community, survey, actor, recipients, visibility, url):
    """A feed line, and the members asked told within their rhythm."""
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.SURVEY,
        verb=Verb.SURVEY_OPENED,
        params={"title": survey},
        url=url,
        visibility=visibility,
    )
    services.notify(
        community=community,
        recipients=recipients,
        kind=NotificationKind.SURVEY,
        verb=Verb.SURVEY_OPENED,
        params={"title": survey},
        url=url,
        actor=actor,
        visibility=visibility,
    )


def evaluation_due(*, community, evaluation, recipients, months, visibility, url):
    """The core team is told an evaluation is coming, each within their rhythm; nobody else hears of it."""
    services.notify(
        community=community,
        recipients=User.objects.filter(pk__in=[user.pk for user in recipients]),
        kind=NotificationKind.EVALUATION,
        verb=Verb.EVALUATION_DUE,
        params={"months": months},
        url=url,
        visibility=visibility,
    )


_DECISION_ROUND_VERBS = {
    "clarifying": Verb.DECISION_QUESTIONS_OPENED,
    "reactions": Verb.DECISION_REACTIONS_OPENED,
    "objections": Verb.DECISION_OBJECTIONS_OPENED,
}


def decision_round_opened(*, community, proposal, step, recipients, actor, visibility, url):
    """The participants whose say is awaited are told, each within their rhythm."""
    services.notify(
        community=community,
        recipients=[user for user in recipients if user != actor],
        kind=NotificationKind.DECISION,
        verb=_DECISION_ROUND_VERBS[step],
        params={"title": proposal},
        url=url,
        actor=actor,
        visibility=visibility,
    )


def decision_adopted(*, community, proposal, subject, recipients, actor, visibility, url):
    """A feed line for the community, and the participants told their decision is taken."""
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.DECISION,
        verb=Verb.DECISION_ADOPTED,
        params={"title": proposal},
        url=url,
        visibility=visibility,
    )
    services.notify(
        community=community,
        recipients=list(recipients),
        kind=NotificationKind.DECISION,
        verb=Verb.DECISION_ADOPTED,
        params={"title": proposal},
        url=url,
        visibility=visibility,
    )


def retrospective_recorded(*, community, retrospective, actor, visibility, url):
    """A feed line: the members read the record, and the weekly message's draft offers it."""
    services.feed_record(
        community=community,
        actor=actor,
        kind=FeedItem.Kind.OTHER,
        verb=Verb.RETROSPECTIVE_RECORDED,
        params={"title": retrospective},
        url=url,
        visibility=visibility,
    )


def decision_review_due(*, community, proposal, recipients, review_on, visibility, url):
    """The decision's circle is reminded that it comes up for review."""
    services.notify(
        community=community,
        recipients=list(recipients),
        kind=NotificationKind.DECISION,
        verb=Verb.DECISION_REVIEW_DUE,
        params={"title": proposal, "date": review_on.isoformat()},
        url=url,
        visibility=visibility,
    )
