import pytest

from terreau.core import events


def test_an_announced_event_reaches_each_subscriber_once_with_its_payload():
    received = []

    def handler(**payload):
        received.append(payload)

    events.subscribe(events.ACTION_DONE, handler)
    events.subscribe(events.ACTION_DONE, handler)  # ready() may run twice
    try:
        events.announce(events.ACTION_DONE, community="c", action="a", actor="x")
    finally:
        events._handlers[events.ACTION_DONE].remove(handler)
    assert received == [{"community": "c", "action": "a", "actor": "x"}]


def test_an_unknown_event_is_refused_rather_than_lost():
    with pytest.raises(ValueError):
        events.announce("knowledge.publishd")
    with pytest.raises(ValueError):
        events.subscribe("knowledge.publishd", lambda **payload: None)
