"""What happened, told by the app where it happened to the apps that care, without imports.

A feature announces an event once its change is made, inside its service's transaction:

    events.announce(events.CALL_OPENED, community=..., call=call, actor=actor, visibility=..., url=...)

Another app subscribes in its `AppConfig.ready()`, its handlers kept in `<app>/subscribers.py`:

    events.subscribe(events.CALL_OPENED, subscribers.call_opened)

Neither imports the other: both import only this module, which names every event and what it
carries (`PAYLOADS`; `announce` refuses a payload with other keys). A handler takes the payload
as keyword arguments (`def call_opened(*, community, call, actor, visibility, url)`). It reads
plain values from the payload, not the announcing app's models: the object it is given (the
call, the item...) belongs to that app, and `str()` is all a handler asks of it.

Every payload that names a thing carries its `visibility` (public, members, core team) and the
`url` a person told of it would open: a handler that tells people of it (a feed line, a
notification) tells only those who may see a thing of that visibility.

Handlers run in the announcing transaction (their writes commit or roll back with it); work
that should wait for the commit (an email, a task) uses `transaction.on_commit`. A handler that
raises makes the announcing service fail: an event is part of the change, not a best-effort
side note.

Who listens today: exchanges (`exchanges/subscribers.py`), to the other apps' events. It writes
the feed lines, and so the digest's highlights and the weekly message's draft, and the
notifications, emailed within each member's message rhythm. Stats (`stats/subscribers.py`), to
every event that is a member's activity: a row of its activity log. The charter (`charter/subscribers.py`), to
DECISION_ADOPTED: a decision whose subject is "charter:<n>" adopts that version.
"""

from collections import defaultdict
from collections.abc import Callable

# The events ----------------------------------------------------------------------------------

# A membership became active (an invitation accepted, a request to join approved).
MEMBER_JOINED = "member.joined"

# A membership ended (the member left, or was removed); `status` is its new status. The apps
# that hold a membership elsewhere (a circle's members, its lead link) let it go.
MEMBER_LEFT = "member.left"

# A member asked a question, or answered one (`answer` is the answer); `visibility` is the
# question's, `url` the question's page or the answer in it.
QUESTION_ASKED = "question.asked"
ANSWER_POSTED = "answer.posted"

# A facilitator sent the weekly message (`message`); `url` is its page.
WEEKLY_MESSAGE_SENT = "weekly_message.sent"

# A member asked to join a circle whose joining is on request; `recipients` are the users who
# decide (its coordinators, or the core team when it has none), `name` the requester's name.
CIRCLE_JOIN_REQUESTED = "circle.join_requested"

# A request to join a circle was decided: `requester` (a user) is told; `approved` says how.
CIRCLE_REQUEST_DECIDED = "circle.request_decided"

# Someone answered a call for expressions of interest. The applicant may have no account:
# `name` is the name they gave. An application is the core team's business, never shown wider;
# `url` is the core team's review page of the call's applications.
APPLICATION_RECEIVED = "call.application_received"

# A call became visible beyond the core team: created so, or a core-team draft opened wider.
CALL_OPENED = "call.opened"

# A version of the charter was marked as adopted; `visibility` is the charter's.
CHARTER_ADOPTED = "charter.adopted"

# A knowledge item was published for the first time (not again after an archive or a draft);
# `themes` are the names of its themes.
KNOWLEDGE_PUBLISHED = "knowledge.published"

# A knowledge item was saved as a new version, whatever its status: `published` says whether it
# is published now, `note` what the editor said changed ("" for none: a small fix). Its
# `visibility` may have changed: whatever named the item follows it.
KNOWLEDGE_UPDATED = "knowledge.updated"

# An action of the action plan was marked done, or blocked, its status having been another;
# `owners` are the users who carry it, `url` the action plan at the action.
ACTION_DONE = "action.done"
ACTION_BLOCKED = "action.blocked"

# An event's reminder is due. `meeting` is the event (`announce` takes `event` as its own name),
# `recipients` the users registered to it (status registered), `when` its start in the
# community's time zone ("2026-12-01 18:00"), `url` its page.
EVENT_REMINDER = "event.reminder"

# A place of an event freed up and `user`, first on its waiting list, now holds it.
EVENT_PLACE_FREED = "event.place_freed"
# An event (a dated meeting of terreau/events: `meeting`, as `event` names the announcement) was
# planned (a one-off, or a series: `meeting` is then the series), or a cancelled one restored.
EVENT_PLANNED = "event.planned"

# An event was cancelled; `reason` is what the person cancelling said, `registered` the users
# registered or on its waiting list, who are told.
EVENT_CANCELLED = "event.cancelled"

# An event's times changed; `starts_at` is its new start (aware), `registered` as above.
EVENT_MOVED = "event.moved"

# An event (`meeting`: the word event is taken here) ended some days ago (`days`) and has no
# minutes yet: its organisers (`recipients`, users) are reminded; `url` is the event's page,
# where they start writing them.
MINUTES_DUE = "event.minutes_due"


# The core team answered an idea: `status` is the answer (taken_up, not_now, declined), `answer`
# the word they wrote, `recipients` the proposer and the supporters (users), who are told.
IDEA_ANSWERED = "idea.answered"


# An idea of the idea box (terreau/ideas) was proposed.
IDEA_PROPOSED = "idea.proposed"


# A comment was written on a thing of a feature (terreau/comments), or edited to mention someone
# new. `title` is the thing's, `url` the comment's place on the thing's page; `mentioned` are the
# users `@`-named who may read the thing (told: you were mentioned), `people` those who carry it
# (author, owners, organisers: told of a new comment; empty for an edit). Nobody is in both.
COMMENT_POSTED = "comment.posted"


# The core team confirmed (`confirmed` True: the role is theirs) or declined `user` for `role`,
# with `note`, a word for them.
ROLE_VOLUNTEER_DECIDED = "role_call.volunteer_decided"


# `user` volunteered for `role` (its name) in `call`: the core team (`recipients`) is told; an
# offer is the core team's business (`visibility` core team), `url` its review page.
ROLE_VOLUNTEERED = "role_call.volunteered"


# The core team published a call for role volunteers ("appel aux forces vives"), `call`.
ROLE_CALL_OPENED = "role_call.opened"


# A term given by an election ends on `term_ends_on` ("YYYY-MM-DD"): `recipients` are reminded, once.
ELECTION_TERM_ENDING = "election.term_ending"


# The consent round ended in consent: `holder` (a user) holds the role until `term_ends_on`
# ("YYYY-MM-DD").
ELECTION_DONE = "election.done"


# The facilitator proposed `nominee` (a user): the consent round is open.
ELECTION_PROPOSED = "election.proposed"


# The nominations were revealed: the change round is near.
ELECTION_REVEALED = "election.revealed"


# An election without candidates (terreau/elections) moved on. Its payloads never carry a
# nomination: who nominated whom stays secret until the reveal, and a handler only learns that
# a step came. `election` is the election (str() is its title), `recipients` the users to tell
# (its participants, and the person proposed), `url` its page.
# The nominations opened: each participant is asked to nominate someone.
ELECTION_OPENED = "election.opened"


# A survey closes in a few days: `recipients` are the members asked who have not answered yet
# (never whether, nor what, anyone answered), `closes_on` its closing date.
SURVEY_REMINDER = "survey.reminder"


# A survey (terreau/surveys) opened to its audience: `recipients` are the members asked (the
# whole community, or a circle's members; none for a stakeholders' link), `url` its page.
SURVEY_OPENED = "survey.opened"

# An evaluation (terreau/evaluations) is due within some days: the core team (`recipients`,
# users) is told once; `months` is how long after the launch it falls, `url` its page.
EVALUATION_DUE = "evaluation.due"
# A step of a consent decision that awaits its participants opened (the clarifying questions, the
# round of reactions, the round of objections): `proposal` is the decisions' Proposal, `step` the
# state it entered ("clarifying", "reactions", "objections"), `recipients` the participants
# (users) whose say is awaited, `url` the proposal's page.
DECISION_ROUND_OPENED = "decision.round_opened"

# A consent decision was adopted. `subject` says what it was about for the app that asked for it
# ("charter:3": version 3 of the charter; "" for most decisions), `recipients` its participants.
DECISION_ADOPTED = "decision.adopted"

# An adopted decision comes up for review on `review_on` (a date): its circle (`recipients`) is
# reminded, once, some days before.
DECISION_REVIEW_DUE = "decision.review_due"

# The core team moved the community to its last phase, closed: it is read-only from now on.
COMMUNITY_CLOSED = "community.closed"

# An archive of the community was built (`scope` public or members); `url` is the page it is
# downloaded from. Once the community is closed, its members are told where the archive is.
ARCHIVE_READY = "archive.ready"

# A retrospective (terreau/retrospectives) ended and its facilitator wrote its record, a record
# of the community: announced once, at the record's first writing; `retrospective` is the
# retrospective (str() is its title), `url` its page, where the record is shown.
RETROSPECTIVE_RECORDED = "retrospective.recorded"

# What each event carries: the keyword arguments of its handlers.
PAYLOADS: dict[str, frozenset[str]] = {
    MEMBER_JOINED: frozenset({"community", "membership"}),
    QUESTION_ASKED: frozenset({"community", "question", "actor", "visibility", "url"}),
    ANSWER_POSTED: frozenset({"community", "question", "answer", "actor", "visibility", "url"}),
    WEEKLY_MESSAGE_SENT: frozenset({"community", "message", "actor", "visibility", "url"}),
    MEMBER_LEFT: frozenset({"community", "membership", "status", "actor"}),
    CIRCLE_JOIN_REQUESTED: frozenset({"community", "circle", "name", "recipients", "visibility", "url"}),
    CIRCLE_REQUEST_DECIDED: frozenset({"community", "circle", "requester", "approved", "actor", "visibility", "url"}),
    APPLICATION_RECEIVED: frozenset({"community", "call", "application", "name", "url"}),
    CALL_OPENED: frozenset({"community", "call", "actor", "visibility", "url"}),
    CHARTER_ADOPTED: frozenset({"community", "version", "number", "actor", "visibility", "url"}),
    KNOWLEDGE_PUBLISHED: frozenset({"community", "item", "actor", "visibility", "themes", "url"}),
    KNOWLEDGE_UPDATED: frozenset({"community", "item", "actor", "visibility", "url", "note", "published"}),
    ACTION_DONE: frozenset({"community", "action", "actor", "visibility", "url", "owners"}),
    ACTION_BLOCKED: frozenset({"community", "action", "actor", "visibility", "url", "owners"}),
    EVENT_REMINDER: frozenset({"community", "meeting", "recipients", "when", "visibility", "url"}),
    EVENT_PLACE_FREED: frozenset({"community", "meeting", "user", "when", "visibility", "url"}),
    EVENT_PLANNED: frozenset({"community", "meeting", "actor", "visibility", "url"}),
    EVENT_CANCELLED: frozenset({"community", "meeting", "actor", "visibility", "url", "reason", "registered"}),
    EVENT_MOVED: frozenset({"community", "meeting", "actor", "visibility", "url", "starts_at", "registered"}),
    MINUTES_DUE: frozenset({"community", "meeting", "recipients", "days", "visibility", "url"}),
    EVALUATION_DUE: frozenset({"community", "evaluation", "recipients", "months", "visibility", "url"}),
    DECISION_ROUND_OPENED: frozenset({"community", "proposal", "step", "recipients", "actor", "visibility", "url"}),
    DECISION_ADOPTED: frozenset({"community", "proposal", "subject", "recipients", "actor", "visibility", "url"}),
    DECISION_REVIEW_DUE: frozenset({"community", "proposal", "recipients", "review_on", "visibility", "url"}),
    SURVEY_OPENED: frozenset({"community", "survey", "actor", "recipients", "visibility", "url"}),
    SURVEY_REMINDER: frozenset({"community", "survey", "recipients", "closes_on", "visibility", "url"}),
    ELECTION_OPENED: frozenset({"community", "election", "actor", "recipients", "visibility", "url"}),
    ELECTION_REVEALED: frozenset({"community", "election", "actor", "recipients", "visibility", "url"}),
    ELECTION_PROPOSED: frozenset({"community", "election", "actor", "nominee", "recipients", "visibility", "url"}),
    ELECTION_DONE: frozenset(
        {"community", "election", "actor", "holder", "term_ends_on", "recipients", "visibility", "url"}
    ),
    ELECTION_TERM_ENDING: frozenset(
        {"community", "election", "holder", "term_ends_on", "recipients", "visibility", "url"}
    ),
    ROLE_CALL_OPENED: frozenset({"community", "call", "actor", "visibility", "url"}),
    ROLE_VOLUNTEERED: frozenset({"community", "call", "role", "user", "recipients", "visibility", "url"}),
    ROLE_VOLUNTEER_DECIDED: frozenset(
        {"community", "call", "role", "user", "confirmed", "note", "actor", "visibility", "url"}
    ),
    COMMENT_POSTED: frozenset({"community", "comment", "title", "actor", "visibility", "url", "mentioned", "people"}),
    IDEA_PROPOSED: frozenset({"community", "idea", "actor", "visibility", "url"}),
    IDEA_ANSWERED: frozenset({"community", "idea", "actor", "visibility", "url", "status", "answer", "recipients"}),
    COMMUNITY_CLOSED: frozenset({"community", "actor"}),
    ARCHIVE_READY: frozenset({"community", "archive", "scope", "actor", "visibility", "url"}),
    RETROSPECTIVE_RECORDED: frozenset({"community", "retrospective", "actor", "visibility", "url"}),
}
EVENTS = frozenset(PAYLOADS)

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def _known(event: str) -> None:
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")


def subscribe(event: str, handler: Handler) -> None:
    """Call `handler(**payload)` each time `event` is announced (once, however often `ready()` runs)."""
    _known(event)
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def announce(event: str, **payload) -> None:
    """Call the event's handlers, in the order they subscribed, with `payload` (exactly PAYLOADS[event])."""
    _known(event)
    if set(payload) != PAYLOADS[event]:
        missing, extra = sorted(PAYLOADS[event] - set(payload)), sorted(set(payload) - PAYLOADS[event])
        raise TypeError(f"{event}: payload without {missing}, with unknown {extra}")
    for handler in list(_handlers[event]):
        handler(**payload)


def subscribers(event: str) -> list[Handler]:
    return list(_handlers[event])
