"""The charter's answer to the decisions' events (`terreau.core.events`), connected in apps.py."""

from terreau.core import events
from terreau.core.text import as_id

from . import services


def connect() -> None:
    events.subscribe(events.DECISION_ADOPTED, decision_adopted)


def decision_adopted(*, community, proposal, subject, recipients, actor, visibility, url):
    """A consent decision on "charter:<n>" adopted: version n becomes the adopted charter."""
    if not subject.startswith(services.SUBJECT_PREFIX):
        return
    number = subject.removeprefix(services.SUBJECT_PREFIX)
    if as_id(number) is not None:
        services.charter_mark_adopted(community=community, number=int(number), actor=proposal.proposer)
