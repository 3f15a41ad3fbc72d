"""The guide's rule, step by step: a monthly meeting is never cancelled when the one before it
(or after it) is cancelled, unless someone who manages events confirms, with a reason that is kept."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from terreau.events.models import Event, EventKind, History, Registration
from terreau.events.services import events as event_services
from terreau.events.services import series as series_services
from terreau.exchanges.models import FeedItem, Notification

from .factories import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings(cast):
    """Four monthly meetings of a series, from next month on."""
    series = series_services.series_create(
        actor=cast.core_member,
        community=cast.community,
        title="Rencontre mensuelle",
        rule="FREQ=MONTHLY;BYDAY=1TU",
        first_start=timezone.now() + timedelta(days=1),
        duration=120,
    )
    return list(series.events.order_by("starts_at")[:4])


def cancel(cast, event, reason="Salle indisponible", **kwargs):
    return event_services.event_cancel(actor=cast.facilitator, event=event, reason=reason, **kwargs)


def test_one_cancellation_is_allowed_and_kept(cast, meetings):
    first = meetings[0]
    cancel(cast, first)
    first.refresh_from_db()
    assert first.is_cancelled and first.cancel_reason == "Salle indisponible"
    assert first.cancelled_by == cast.facilitator and first.cancel_confirmed_by is None
    assert History.objects.filter(event=first, what=History.What.CANCELLED, reason="Salle indisponible").exists()


def test_the_second_in_a_row_is_refused_and_the_attempt_recorded(cast, meetings):
    cancel(cast, meetings[0])
    with pytest.raises(event_services.SecondCancellation) as refusal:
        cancel(cast, meetings[1], reason="Trop peu d'inscrits")
    assert refusal.value.neighbour == meetings[0]
    assert "already cancelled" in refusal.value.messages[0]
    second = Event.objects.get(pk=meetings[1].pk)
    assert not second.is_cancelled
    refused = History.objects.get(event=second, what=History.What.CANCEL_REFUSED)
    assert refused.reason == "Trop peu d'inscrits" and refused.actor == cast.facilitator
    assert refused.series == second.series


def test_a_confirmation_with_a_reason_cancels_it_and_is_kept(cast, meetings):
    cancel(cast, meetings[0])
    cancel(cast, meetings[1], reason="Inondations dans la vallée", confirm=True)
    second = Event.objects.get(pk=meetings[1].pk)
    assert second.is_cancelled and second.cancel_confirmed_by == cast.facilitator
    assert second.cancel_reason == "Inondations dans la vallée"
    assert History.objects.filter(
        event=second, what=History.What.CANCEL_CONFIRMED, reason="Inondations dans la vallée"
    ).exists()


def test_a_confirmation_needs_a_reason(cast, meetings):
    cancel(cast, meetings[0])
    with pytest.raises(ValidationError) as error:
        cancel(cast, meetings[1], reason="   ", confirm=True)
    assert "reason" in error.value.message_dict
    assert not Event.objects.get(pk=meetings[1].pk).is_cancelled


def test_a_member_cannot_cancel_nor_confirm(cast, meetings):
    cancel(cast, meetings[0])
    with pytest.raises(PermissionDenied):
        event_services.event_cancel(actor=cast.member, event=meetings[1], reason="Non", confirm=True)


def test_after_a_restore_the_next_one_may_be_cancelled(cast, meetings):
    cancel(cast, meetings[0])
    event_services.event_restore(actor=cast.facilitator, event=meetings[0], reason="Une autre salle est libre")
    restored = Event.objects.get(pk=meetings[0].pk)
    assert not restored.is_cancelled and restored.cancel_reason == "" and restored.cancelled_by is None
    assert History.objects.filter(event=restored, what=History.What.RESTORED).exists()
    cancel(cast, meetings[1])
    assert Event.objects.get(pk=meetings[1].pk).is_cancelled


def test_two_apart_are_allowed_one_in_between_is_not(cast, meetings):
    """The 1st and the 3rd may be cancelled; the 2nd then sits between two cancelled ones."""
    cancel(cast, meetings[0])
    cancel(cast, meetings[2])
    with pytest.raises(event_services.SecondCancellation):
        cancel(cast, meetings[1])


def test_cancelling_the_one_before_a_cancelled_one_is_refused_too(cast, meetings):
    cancel(cast, meetings[2])
    with pytest.raises(event_services.SecondCancellation) as refusal:
        cancel(cast, meetings[1])
    assert refusal.value.neighbour == meetings[2]


def test_the_previous_meeting_counts_whatever_its_series(cast, meetings):
    """A one-off monthly meeting before the series' first is its previous one."""
    before = make_event(cast.community, starts_at=meetings[0].starts_at - timedelta(days=25))
    cancel(cast, before)
    with pytest.raises(event_services.SecondCancellation):
        cancel(cast, meetings[0])


def test_other_kinds_neither_count_nor_are_held_by_the_rule(cast, meetings):
    workshop = make_event(cast.community, kind=EventKind.WORKSHOP, starts_at=meetings[0].starts_at + timedelta(days=7))
    cancel(cast, meetings[0])
    cancel(cast, workshop)  # not a monthly meeting: no rule
    assert Event.objects.get(pk=workshop.pk).is_cancelled
    with pytest.raises(event_services.SecondCancellation):
        cancel(cast, meetings[1])  # the workshop in between does not count


def test_another_community_does_not_count(cast, public_cast, meetings):
    other = make_event(public_cast.community, starts_at=meetings[0].starts_at + timedelta(days=3))
    event_services.event_cancel(actor=public_cast.core_member, event=other, reason="Autre")
    cancel(cast, meetings[1])


def test_the_rule_reads_the_cancelled_state_not_a_refusal(cast, meetings):
    """A refused attempt leaves the meeting scheduled: the next one may be cancelled."""
    cancel(cast, meetings[0])
    with pytest.raises(event_services.SecondCancellation):
        cancel(cast, meetings[1])
    with pytest.raises(event_services.SecondCancellation):
        cancel(cast, meetings[1])
    assert History.objects.filter(event=meetings[1], what=History.What.CANCEL_REFUSED).count() == 2
    cancel(cast, meetings[2])
    assert Event.objects.get(pk=meetings[2].pk).is_cancelled


def test_an_event_already_cancelled_is_not_cancelled_again(cast, meetings):
    cancel(cast, meetings[0])
    with pytest.raises(ValidationError):
        cancel(cast, meetings[0])


def test_the_registered_people_are_told_and_the_feed_says_it(cast, meetings):
    event = meetings[0]
    Registration.objects.create(event=event, user=cast.member)
    Registration.objects.create(event=event, user=cast.observer, status=Registration.Status.WAITING)
    Registration.objects.create(event=event, user=cast.core_member, status=Registration.Status.CANCELLED)
    cancel(cast, event, reason="Neige")
    told = set(Notification.objects.filter(verb="event_cancelled").values_list("recipient__email", flat=True))
    assert told == {cast.member.email, cast.observer.email}
    assert FeedItem.objects.filter(verb="event_cancelled", params__reason="Neige").exists()


def test_moving_an_event_tells_the_registered_people(cast, meetings):
    event = meetings[0]
    Registration.objects.create(event=event, user=cast.member)
    event_services.event_update(
        actor=cast.facilitator,
        event=event,
        version=event.version,
        starts_at=event.starts_at + timedelta(days=1),
        ends_at=event.ends_at + timedelta(days=1),
    )
    assert Notification.objects.filter(verb="event_moved", recipient=cast.member).exists()


def test_a_stale_edit_is_refused(cast, meetings):
    event = meetings[0]
    opened_at = event.version
    event_services.event_update(
        actor=cast.facilitator,
        event=event,
        version=opened_at,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        title="A",
    )
    with pytest.raises(event_services.StaleEdit):
        event_services.event_update(
            actor=cast.core_member,
            event=Event.objects.get(pk=event.pk),
            version=opened_at,
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            title="B",
        )
    assert Event.objects.get(pk=event.pk).title == "A"
