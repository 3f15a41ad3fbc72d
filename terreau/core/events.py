"""What happened, told by the app where it happened to the apps that care, without imports.

A feature announces an event with `announce(MEMBER_JOINED, community=..., membership=...)`;
another app subscribes in its `AppConfig.ready()` with `subscribe(MEMBER_JOINED, handler)`.
Neither imports the other: both import only this module, which names every event and what it
carries. Handlers run in the announcing transaction (their writes commit or roll back with
it); work that should wait for the commit (an email, a task) uses `transaction.on_commit`.

A handler that raises makes the announcing service fail: an event is part of the change,
not a best-effort side note.
"""

from collections import defaultdict
from collections.abc import Callable

# The events, with what each carries (keyword arguments of the handlers) -----------------------

MEMBER_JOINED = "member.joined"  # community, membership
APPLICATION_RECEIVED = "call.application_received"  # community, application
CALL_OPENED = "call.opened"  # community, call, actor
CHARTER_ADOPTED = "charter.adopted"  # community, version, actor
KNOWLEDGE_PUBLISHED = "knowledge.published"  # community, item, actor
KNOWLEDGE_UPDATED = "knowledge.updated"  # community, item, actor
ACTION_DONE = "action.done"  # community, action, actor
ACTION_BLOCKED = "action.blocked"  # community, action, actor

EVENTS = frozenset(
    {
        MEMBER_JOINED,
        APPLICATION_RECEIVED,
        CALL_OPENED,
        CHARTER_ADOPTED,
        KNOWLEDGE_PUBLISHED,
        KNOWLEDGE_UPDATED,
        ACTION_DONE,
        ACTION_BLOCKED,
    }
)

Handler = Callable[..., None]
_handlers: dict[str, list[Handler]] = defaultdict(list)


def subscribe(event: str, handler: Handler) -> None:
    """Call `handler(**payload)` each time `event` is announced (once, however often `ready()` runs)."""
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    if handler not in _handlers[event]:
        _handlers[event].append(handler)


def announce(event: str, **payload) -> None:
    if event not in EVENTS:
        raise ValueError(f"Unknown event {event!r}")
    for handler in list(_handlers[event]):
        handler(**payload)


def subscribers(event: str) -> list[Handler]:
    return list(_handlers[event])
