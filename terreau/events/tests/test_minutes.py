"""An event's minutes: an exchange memo of the knowledge base, and the reminders while none is written."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from terreau.accounts.middleware import UserLanguageMiddleware
from terreau.core import periodic
from terreau.core.models import Visibility
from terreau.events.models import AgendaItem, Event, Registration
from terreau.events.services import minutes as minutes_services
from terreau.events.tests.factories import local, make_event
from terreau.events.views import agenda as agenda_views
from terreau.exchanges.models import Notification, NotificationKind
from terreau.knowledge.item_types import ItemType
from terreau.knowledge.models import ActivityTag, KnowledgeItem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setattr(UserLanguageMiddleware, "language_for", staticmethod(lambda request: "en"))
    with translation.override("en"):
        yield


def past_event(cast, days=1, **fields):
    start = timezone.now() - timedelta(days=days, hours=2)
    return make_event(cast.community, starts_at=start, minutes=120, **fields)


def test_write_the_minutes_prefills_an_exchange_memo_and_opens_its_editor(client, cast):
    event = past_event(cast, title="Rencontre de la vente directe", visibility=Visibility.MEMBERS, guests_count=2)
    AgendaItem.objects.create(event=event, position=1, title="Accueil", duration=15)
    AgendaItem.objects.create(event=event, position=2, guide_key="monthly_topic", duration=60)
    Registration.objects.create(event=event, user=cast.member, attended=True)
    Registration.objects.create(event=event, user=cast.observer, attended=False)
    Registration.objects.create(event=event, user=cast.facilitator, status=Registration.Status.WALK_IN, attended=True)
    tag = ActivityTag.objects.create(community=cast.community, name="Rencontre de la vente directe")
    client.force_login(cast.facilitator)
    response = client.post(reverse("events:minutes_write", args=[cast.community.slug, event.pk]))
    memo = KnowledgeItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("knowledge:item_edit", args=[cast.community.slug, memo.pk])
    event.refresh_from_db()
    assert event.minutes == memo
    day = minutes_services.local_date(event)
    assert memo.type == ItemType.EXCHANGE_MEMO and memo.author == cast.facilitator
    assert memo.title.startswith("Minutes — Rencontre de la vente directe — ")
    assert memo.fields["held_on"] == day.isoformat()
    assert memo.fields["participants"] == "Julie Martin, Sophie Lambert, 2 guests"  # who came, not Thomas
    assert memo.fields["learned"] == "## Accueil\n\n## Topic of the month"
    assert memo.visibility == Visibility.MEMBERS  # as the event
    assert memo.activity == tag
    assert [t.name for t in memo.themes.all()] == ["vente directe"]  # named in the event's title
    assert client.get(response["Location"]).status_code == 200  # knowledge's editor opens
    # A second click opens the same minutes.
    client.post(reverse("events:minutes_write", args=[cast.community.slug, event.pk]))
    assert KnowledgeItem.objects.count() == 1


def test_before_attendance_the_registered_are_the_participants(cast):
    event = past_event(cast)
    Registration.objects.create(event=event, user=cast.member)
    Registration.objects.create(event=event, user=cast.observer, status=Registration.Status.CANCELLED)
    Registration.objects.create(event=event, user=cast.facilitator, status=Registration.Status.WAITING)
    assert minutes_services.participants(event) == "Julie Martin"


def test_no_minutes_before_the_start_nor_for_a_cancelled_event_nor_by_a_member(cast):
    future = make_event(cast.community, starts_at=timezone.now() + timedelta(days=2))
    with pytest.raises(ValidationError):
        minutes_services.minutes_write(actor=cast.core_member, event=future)
    cancelled = past_event(cast, status=Event.Status.CANCELLED)
    with pytest.raises(ValidationError):
        minutes_services.minutes_write(actor=cast.core_member, event=cancelled)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        minutes_services.minutes_write(actor=cast.member, event=past_event(cast))
    assert not KnowledgeItem.objects.exists()


def _panel(user, cast, event):
    request = RequestFactory().get("/")
    request.user = user
    return agenda_views.minutes_panel(request, cast.community, event)


def test_the_minutes_panel_offers_to_write_then_shows_them_to_readers(cast):
    event = past_event(cast)
    assert _panel(cast.member, cast, event) is None
    context = _panel(cast.core_member, cast, event)
    assert context["can_write"] and context["memo"] is None
    assert "Write the minutes" in render_to_string("events/panels/minutes.html", context)
    assert (
        _panel(cast.core_member, cast, make_event(cast.community, starts_at=timezone.now() + timedelta(days=1))) is None
    )
    memo = minutes_services.minutes_write(actor=cast.core_member, event=event)
    event.refresh_from_db()
    assert _panel(cast.member, cast, event) is None  # a draft: its author and the content managers read it
    memo.fields["learned"] = "## Accueil\n\nOn a parlé des **marchés fermiers** de la région."
    memo.status = "published"
    memo.save()
    event.refresh_from_db()
    context = _panel(cast.member, cast, event)
    assert context["memo"] == memo and "marchés fermiers" in context["excerpt"] and "**" not in context["excerpt"]
    html = render_to_string("events/panels/minutes.html", context)
    assert memo.title in html and reverse("knowledge:item", args=[cast.community.slug, memo.pk]) in html


# ---------------------------------------------------------------------------------------------
# Reminders


def test_organisers_are_reminded_3_and_7_days_after_never_twice(cast):
    now = timezone.now()
    event = make_event(cast.community, starts_at=now - timedelta(days=3, hours=3), minutes=120)
    event.organisers.add(cast.membership(cast.member))
    assert minutes_services.minutes_reminders(now - timedelta(days=1)) == 0  # 2 days after: not yet
    assert minutes_services.minutes_reminders(now) == 1
    assert minutes_services.minutes_reminders(now) == 0  # run again: nothing
    notification = Notification.objects.get()
    assert notification.recipient == cast.member and notification.kind == NotificationKind.MINUTES
    assert notification.message == "The minutes of Rencontre mensuelle are not written yet"
    event.refresh_from_db()
    assert event.minutes_reminders_sent == 1
    assert minutes_services.minutes_reminders(now + timedelta(days=4)) == 1
    assert minutes_services.minutes_reminders(now + timedelta(days=5)) == 0
    assert Notification.objects.count() == 2
    event.refresh_from_db()
    assert event.minutes_reminders_sent == 2


def test_no_reminder_with_minutes_or_for_a_cancelled_event_and_one_only_when_found_late(cast):
    now = timezone.now()
    written = make_event(cast.community, starts_at=now - timedelta(days=4))
    minutes_services.minutes_write(actor=cast.core_member, event=written)
    make_event(cast.community, starts_at=now - timedelta(days=4), status=Event.Status.CANCELLED)
    make_event(cast.community, starts_at=now - timedelta(days=90))  # long ago: left alone
    late = make_event(cast.community, starts_at=now - timedelta(days=10), created_by=cast.facilitator)
    assert minutes_services.minutes_reminders(now) == 1
    late.refresh_from_db()
    assert late.minutes_reminders_sent == 2
    assert list(Notification.objects.values_list("recipient", flat=True)) == [cast.facilitator.pk]  # its creator


def test_without_organisers_nor_creator_the_core_team_is_reminded(cast):
    make_event(cast.community, starts_at=timezone.now() - timedelta(days=4))
    minutes_services.minutes_reminders()
    assert list(Notification.objects.values_list("recipient", flat=True)) == [cast.core_member.pk]


def test_the_reminders_are_a_periodic_job():
    job = periodic.JOBS["events.minutes_reminders"]
    assert job.run == "terreau.events.services.minutes.minutes_reminders"


def test_local_date_is_the_communitys(cast):
    cast.community.time_zone = "Europe/Brussels"
    event = make_event(cast.community, starts_at=local(cast.community, 2026, 12, 1, 0, 30))
    assert minutes_services.local_date(event).day == 1


def test_the_event_page_offers_the_minutes_and_shows_them(client, cast):
    event = past_event(cast, title="Rencontre passée")
    client.force_login(cast.core_member)
    page = reverse("events:detail", args=[cast.community.slug, event.pk])
    assert "Write the minutes" in client.get(page).content.decode()
    response = client.post(reverse("events:minutes_write", args=[cast.community.slug, event.pk]))
    assert response.status_code == 302
    html = client.get(page).content.decode()
    assert "Minutes — Rencontre passée — " in html and "Write the minutes" not in html


def test_the_demo_gives_agendas_and_writes_minutes_for_most_past_meetings(cast):
    from terreau.events import demo

    now = timezone.now()
    meetings = [make_event(cast.community, starts_at=now - timedelta(days=30 * n)) for n in range(1, 7)]
    coming = make_event(cast.community, starts_at=now + timedelta(days=10))
    assert demo.demo_agendas([*meetings, coming]) == 7
    assert demo.demo_agendas(meetings) == 0  # once
    assert demo.demo_minutes([*meetings, coming], actor=cast.core_member) == 5  # one in five left to remind
    written = KnowledgeItem.objects.filter(pk__in=Event.objects.values("minutes"))
    assert written.count() == 5 and set(written.values_list("status", flat=True)) == {"published"}
    memo = written.first()
    assert memo.fields["learned"].startswith("## Welcome and round of news\n\nTour de table")
    assert memo.fields["follow_ups"]
