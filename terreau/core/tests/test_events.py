from collections import defaultdict

import pytest

from terreau.core import events

DONE = {"community": "c", "action": "a", "actor": "x", "visibility": "members", "url": "/u/", "owners": []}


@pytest.fixture(autouse=True)
def no_subscribers(monkeypatch):
    """The apps' own subscribers (connected at start-up) stay out of these tests."""
    monkeypatch.setattr(events, "_handlers", defaultdict(list))


def test_an_announced_event_reaches_each_subscriber_once_with_its_payload():
    received = []

    def handler(**payload):
        received.append(payload)

    events.subscribe(events.ACTION_DONE, handler)
    events.subscribe(events.ACTION_DONE, handler)  # ready() may run twice
    events.announce(events.ACTION_DONE, **DONE)
    assert received == [DONE]


def test_an_unknown_event_is_refused_rather_than_lost():
    with pytest.raises(ValueError):
        events.announce("knowledge.publishd")
    with pytest.raises(ValueError):
        events.subscribe("knowledge.publishd", lambda **payload: None)


def test_a_payload_other_than_the_documented_one_is_refused_before_any_handler_runs():
    received = []
    events.subscribe(events.ACTION_DONE, lambda **payload: received.append(payload))
    without_visibility = {key: value for key, value in DONE.items() if key != "visibility"}
    with pytest.raises(TypeError, match="visibility"):
        events.announce(events.ACTION_DONE, **without_visibility)
    with pytest.raises(TypeError, match="colour"):
        events.announce(events.ACTION_DONE, **DONE, colour="red")
    assert received == []


def test_every_event_documents_its_payload_and_names_what_it_shows_at_which_visibility():
    assert events.EVENTS == set(events.PAYLOADS)
    for event, keys in events.PAYLOADS.items():
        assert "community" in keys
        # Whatever names a thing members may read says who may read it; an application is the
        # core team's alone, and a new or departed member, or the community closed, is news for
        # every member.
        if event not in (
            events.MEMBER_JOINED,
            events.MEMBER_LEFT,
            events.APPLICATION_RECEIVED,
            events.COMMUNITY_CLOSED,
        ):
            assert {"visibility", "url"} <= keys, event
