"""An action's owner gives its status and news without being core team (the facilitator's weekly hour
asks them to, rather than doing it for them)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse

from terreau.audit.models import AuditEntry
from terreau.core import events
from terreau.core.models import Visibility
from terreau.launch import services
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(cast):
    return services.action_save(
        actor=cast.core_member,
        action=Action(community=cast.community, title="Contacter les cantines"),
        owners=[cast.membership(cast.member)],
    )


@pytest.fixture
def heard(monkeypatch):
    """The events announced, by name."""
    seen: list[tuple[str, dict]] = []
    original = events.announce
    monkeypatch.setattr(
        events, "announce", lambda name, **payload: (seen.append((name, payload)), original(name, **payload))
    )
    return seen


def test_an_owner_marks_their_action_done_with_a_note(cast, action, heard):
    services.action_report(
        actor=cast.member, action=action, status=Action.Status.DONE, note="  Trois cantines partantes. "
    )
    action.refresh_from_db()
    assert (action.status, action.note, action.note_by) == (
        Action.Status.DONE,
        "Trois cantines partantes.",
        cast.member,
    )
    assert action.note_at is not None
    entry = AuditEntry.objects.get(action="action.updated")
    assert entry.actor == cast.member and entry.before["status"] == "todo" and entry.after["status"] == "done"
    assert [name for name, _payload in heard] == [events.ACTION_DONE]


def test_blocked_is_announced_and_a_status_without_a_note_keeps_the_last_news(cast, action, heard):
    services.action_report(actor=cast.member, action=action, status=Action.Status.DOING, note="Commencé.")
    services.action_report(actor=cast.member, action=action, status=Action.Status.BLOCKED)
    action.refresh_from_db()
    assert action.status == Action.Status.BLOCKED and action.note == "Commencé."
    assert [name for name, _payload in heard] == [events.ACTION_BLOCKED]


def test_a_member_who_does_not_carry_the_action_is_refused(cast, action):
    for person in (cast.observer, cast.facilitator):
        with pytest.raises(PermissionDenied):
            services.action_report(actor=person, action=action, status=Action.Status.DONE)
    with pytest.raises(Http404):  # outside the community, the action does not exist
        services.action_report(actor=cast.outsider, action=action, status=Action.Status.DONE)
    action.refresh_from_db()
    assert action.status == Action.Status.TODO


def test_an_owner_may_not_update_an_action_they_can_no_longer_see(cast, action):
    Action.objects.filter(pk=action.pk).update(visibility=Visibility.CORE_TEAM)
    action.refresh_from_db()
    with pytest.raises(Http404):
        services.action_report(actor=cast.member, action=action, status=Action.Status.DONE)


def test_the_core_team_updates_any_action_and_an_unknown_status_is_refused(cast, action):
    services.action_report(actor=cast.core_member, action=action, status=Action.Status.DOING, note="Relancé.")
    with pytest.raises(ValidationError):
        services.action_report(actor=cast.member, action=action, status="finished")
    with pytest.raises(ValidationError):
        services.action_report(actor=cast.member, action=action, status=Action.Status.DONE, note="x" * 2001)
    action.refresh_from_db()
    assert action.status == Action.Status.DOING


def test_the_owner_finds_the_form_on_the_plan_and_others_do_not(client, cast, action):
    plan = reverse("launch:actions", args=[cast.community.slug])
    form = reverse("launch:action_report", args=[cast.community.slug, action.pk])
    client.force_login(cast.member)
    assert form in client.get(plan + "?show=all").text
    response = client.post(form, {"status": "done", "note": "Fait !", "next": plan})
    assert response.status_code == 302 and response.url == plan
    page = client.get(plan + "?show=all").text
    assert "Fait !" in page and "Julie Martin" in page
    client.force_login(cast.observer)
    assert form not in client.get(plan + "?show=all").text
    assert client.post(form, {"status": "todo"}).status_code == 403
