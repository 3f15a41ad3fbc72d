"""The activity log's answers to the apps' events (`terreau.core.events`), connected in apps.py.

Each event that is a member's doing becomes one row of the log, written in the announcing
transaction: a rolled-back change leaves no row.
"""

from terreau.core import events

from . import log
from .models import Kind


def connect() -> None:
    events.subscribe(events.MEMBER_JOINED, member_joined)
    events.subscribe(events.MEMBER_LEFT, member_left)
    events.subscribe(events.QUESTION_ASKED, question_asked)
    events.subscribe(events.ANSWER_POSTED, answer_posted)
    events.subscribe(events.KNOWLEDGE_PUBLISHED, knowledge_published)
    events.subscribe(events.KNOWLEDGE_UPDATED, knowledge_updated)
    events.subscribe(events.WEEKLY_MESSAGE_SENT, weekly_message_sent)
    events.subscribe(events.EVENT_PLANNED, event_planned)
    events.subscribe(events.EVENT_CANCELLED, event_cancelled)


def member_joined(*, community, membership):
    log.record(community, Kind.JOINED, membership=membership, thing=membership)


def member_left(*, community, membership, status, actor):
    log.record(community, Kind.LEFT, membership=membership, thing=membership)


def question_asked(*, community, question, actor, visibility, url):
    log.record_by(community, Kind.QUESTION, actor, thing=question)


def answer_posted(*, community, question, answer, actor, visibility, url):
    log.record_by(community, Kind.ANSWER, actor, thing=answer)


def knowledge_published(*, community, item, actor, visibility, themes, url):
    log.record_by(community, Kind.KNOWLEDGE_PUBLISHED, actor, thing=item)


def knowledge_updated(*, community, item, actor, visibility, url, note, published):
    log.record_by(community, Kind.KNOWLEDGE_UPDATED, actor, thing=item)


def weekly_message_sent(*, community, message, actor, visibility, url):
    log.record_by(community, Kind.WEEKLY_MESSAGE, actor, thing=message)


def event_planned(*, community, meeting, actor, visibility, url):
    log.record_by(community, Kind.EVENT_PLANNED, actor, thing=meeting)


def event_cancelled(*, community, meeting, actor, visibility, url, reason, registered):
    log.record_by(community, Kind.EVENT_CANCELLED, actor, thing=meeting)
