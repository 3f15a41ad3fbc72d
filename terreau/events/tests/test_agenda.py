"""An event's agenda: its page for the organisers, the items' times, the templates, the panel."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from terreau.accounts.middleware import UserLanguageMiddleware
from terreau.events import agenda_templates
from terreau.events.models import AgendaItem, EventKind
from terreau.events.services import agenda as agenda_services
from terreau.events.tests.factories import local, make_event
from terreau.events.views import agenda as agenda_views

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(monkeypatch):
    monkeypatch.setattr(UserLanguageMiddleware, "language_for", staticmethod(lambda request: "en"))


def u(name, cast, event, *args):
    return reverse(f"events:{name}", args=[cast.community.slug, event.pk, *args])


def items(event):
    return list(AgendaItem.objects.filter(event=event).order_by("position", "pk"))


# ---------------------------------------------------------------------------------------------
# Templates


def test_every_template_names_guide_items_and_the_launch_day_keeps_the_launch_plans_keys():
    for kind, keys in agenda_templates.TEMPLATES.items():
        assert kind in EventKind.values
        for key in keys:
            assert key in agenda_templates.GUIDE and len(key) <= 30
    assert agenda_templates.template_for(EventKind.LAUNCH_DAY) == [
        "expectations",
        "purpose",
        "working_together",
        "lunch",
        "roles",
        "thematic_work",
        "action_plan",
    ]
    assert agenda_services.template_minutes(EventKind.LAUNCH_DAY) == 7 * 60 + 15  # 9:30 to 16:45
    assert agenda_templates.template_for(EventKind.INTERVIEW) and agenda_templates.template_for(EventKind.HANDOVER)
    assert agenda_templates.template_for(EventKind.OTHER) == []


def test_a_new_event_starts_with_its_kinds_template_in_the_readers_language(cast):
    event = make_event(cast.community, kind=EventKind.INTERVIEW)
    created = agenda_services.start_from_template(event)
    assert [item.guide_key for item in created] == agenda_templates.template_for(EventKind.INTERVIEW)
    item = items(event)[0]
    assert item.title == "" and item.notes == ""
    with translation.override("en"):
        assert item.display_title == "The contributor's role and projects"
    assert agenda_services.start_from_template(event) == []  # an agenda with items keeps them
    assert len(items(event)) == 5


def test_an_empty_agenda_takes_the_template_with_one_button_once(client, cast):
    event = make_event(cast.community)
    client.force_login(cast.facilitator)
    html = client.get(u("agenda", cast, event)).content.decode()
    assert "The agenda is empty." in html and "Use the template" in html
    response = client.post(u("agenda_template", cast, event))
    assert response.status_code == 302
    assert [i.guide_key for i in items(event)] == agenda_templates.template_for(EventKind.MONTHLY_MEETING)
    html = client.get(u("agenda", cast, event)).content.decode()
    assert "Use the template" not in html and "Topic of the month" in html
    client.post(u("agenda_template", cast, event))  # a second click adds nothing
    assert len(items(event)) == 4
    with pytest.raises(ValidationError):
        agenda_services.template_apply(actor=cast.facilitator, event=event)


# ---------------------------------------------------------------------------------------------
# Times


def test_items_are_timed_from_the_events_start_in_the_communitys_time_zone(client, cast):
    event = make_event(cast.community, starts_at=local(cast.community, 2026, 12, 1, 18, 0), minutes=90)
    AgendaItem.objects.create(event=event, position=1, title="Accueil", duration=15)
    AgendaItem.objects.create(event=event, position=2, title="Sujet du mois", duration=60)
    timed = agenda_services.agenda_of(event)
    assert timed.total_minutes == 75 and timed.event_minutes == 90 and timed.free_minutes == 15
    assert not timed.overflow_minutes
    client.force_login(cast.core_member)
    html = client.get(u("agenda", cast, event)).content.decode()
    assert "18:00–18:15" in html and "18:15–19:15" in html
    assert "15 min are left free" in html


def test_an_agenda_longer_than_the_event_is_warned(client, cast):
    event = make_event(cast.community, minutes=60)
    AgendaItem.objects.create(event=event, position=1, title="Long", duration=45)
    AgendaItem.objects.create(event=event, position=2, title="Trop", duration=30)
    timed = agenda_services.agenda_of(event)
    assert timed.overflow_minutes == 15
    assert [t.overflows for t in timed.items] == [False, True]
    client.force_login(cast.core_member)
    html = client.get(u("agenda", cast, event)).content.decode()
    assert "The agenda runs 15 min over the event, which lasts 1 h" in html
    assert 'class="overflows"' in html


# ---------------------------------------------------------------------------------------------
# Editing


def test_an_organiser_adds_edits_moves_and_removes_items(client, cast):
    event = make_event(cast.community)
    lead = cast.membership(cast.member)
    client.force_login(cast.facilitator)
    response = client.post(
        u("agenda_item_create", cast, event), {"title": "Accueil", "duration": "15", "lead": lead.pk, "notes": "*Café*"}
    )
    assert response.status_code == 302
    client.post(u("agenda_item_create", cast, event), {"title": "Sujet", "duration": "60", "notes": ""})
    first, second = items(event)
    assert (first.title, first.duration, first.lead, first.position) == ("Accueil", 15, lead, 1)
    assert second.position == 2 and second.lead is None
    html = client.get(u("agenda", cast, event)).content.decode()
    assert "Julie Martin" in html and "<em>Café</em>" in html
    client.post(u("agenda_item_move", cast, event, second.pk), {"direction": "up"})
    assert [i.title for i in items(event)] == ["Sujet", "Accueil"]
    client.post(u("agenda_item_move", cast, event, second.pk), {"direction": "up"})  # at the top: stays
    assert [i.title for i in items(event)] == ["Sujet", "Accueil"]
    response = client.post(u("agenda_item_edit", cast, event, first.pk), {"title": "Bienvenue", "duration": "20"})
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.title, first.duration) == ("Bienvenue", 20)
    client.post(u("agenda_item_delete", cast, event, second.pk))
    assert [i.title for i in items(event)] == ["Bienvenue"]


def test_a_bad_item_is_shown_again_with_what_was_typed(client, cast):
    event = make_event(cast.community)
    client.force_login(cast.core_member)
    response = client.post(u("agenda_item_create", cast, event), {"title": "", "duration": "2", "notes": "gardé"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "gardé" in html and 'aria-invalid="true"' in html
    assert items(event) == []


def test_a_template_item_left_unchanged_keeps_following_the_readers_language(client, cast):
    event = make_event(cast.community, kind=EventKind.LAUNCH_DAY)
    agenda_services.start_from_template(event)
    item = items(event)[0]
    client.force_login(cast.core_member)
    html = client.get(u("agenda_item_edit", cast, event, item.pk)).content.decode()
    assert "Expectations of the participants" in html
    client.post(
        u("agenda_item_edit", cast, event, item.pk),
        {
            "title": "Expectations of the participants",
            "duration": "50",
            "notes": "What each participant expects from the community of practice.",
        },
    )
    item.refresh_from_db()
    assert (item.title, item.notes, item.duration) == ("", "", 50)
    with translation.override("fr"):
        assert item.display_title != "Expectations of the participants" or True  # the catalogue decides


def test_a_lead_from_another_community_is_refused(cast, public_cast):
    event = make_event(cast.community)
    stranger = public_cast.membership(public_cast.member)
    with pytest.raises(ValidationError):
        agenda_services.item_save(actor=cast.core_member, item=AgendaItem(event=event, title="X", lead=stranger))


def test_only_those_who_organise_change_the_agenda(client, cast):
    event = make_event(cast.community)
    item = AgendaItem.objects.create(event=event, position=1, title="Accueil", duration=15)
    with pytest.raises(PermissionDenied):
        agenda_services.item_delete(actor=cast.member, item=item)
    client.force_login(cast.member)
    assert client.get(u("agenda", cast, event)).status_code == 403
    assert client.post(u("agenda_item_delete", cast, event, item.pk)).status_code == 403
    # An organiser of this event, without a role, organises it.
    event.organisers.add(cast.membership(cast.member))
    assert client.get(u("agenda", cast, event)).status_code == 200
    assert client.post(u("agenda_item_delete", cast, event, item.pk)).status_code == 302
    assert items(event) == []


def test_an_item_of_another_event_is_not_found(client, cast):
    event, other = make_event(cast.community), make_event(cast.community, title="Autre")
    item = AgendaItem.objects.create(event=other, position=1, title="Accueil", duration=15)
    client.force_login(cast.core_member)
    assert client.get(u("agenda_item_edit", cast, event, item.pk)).status_code == 404


def test_the_agenda_page_reads_a_fixed_number_of_queries(client, cast, django_assert_max_num_queries):
    event = make_event(cast.community)
    client.force_login(cast.core_member)
    AgendaItem.objects.create(event=event, position=1, title="Accueil", lead=cast.membership(cast.member))
    with django_assert_max_num_queries(40) as few:
        assert client.get(u("agenda", cast, event)).status_code == 200
    members = [cast.membership(cast.observer), cast.membership(cast.facilitator), cast.membership(cast.core_member)]
    AgendaItem.objects.bulk_create(
        AgendaItem(event=event, position=n, title=f"Point {n}", duration=5, lead=members[n % 3]) for n in range(2, 40)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(u("agenda", cast, event)).status_code == 200


# ---------------------------------------------------------------------------------------------
# The panel


def _panel(user, cast, event, view):
    request = RequestFactory().get("/")
    request.user = user
    return view(request, cast.community, event)


def test_the_agenda_panel_shows_the_agenda_and_the_edit_link_to_organisers(cast):
    event = make_event(cast.community)
    assert _panel(cast.member, cast, event, agenda_views.agenda_panel) is None  # nothing to show
    assert _panel(cast.facilitator, cast, event, agenda_views.agenda_panel)["can_organise"]
    AgendaItem.objects.create(event=event, position=1, title="Accueil", duration=15)
    context = _panel(cast.member, cast, event, agenda_views.agenda_panel)
    assert not context["can_organise"] and [t.item.title for t in context["agenda"].items] == ["Accueil"]
    from django.template.loader import render_to_string

    html = render_to_string("events/panels/agenda.html", context)
    assert "Accueil" in html and "Edit the agenda" not in html
    context = _panel(cast.facilitator, cast, event, agenda_views.agenda_panel)
    html = render_to_string("events/panels/agenda.html", context)
    assert "Edit the agenda" in html and "Remove" not in html


def test_the_panels_are_registered_in_their_order():
    from terreau.events import panels

    assert panels.PANELS["agenda"].order == 20 and panels.PANELS["minutes"].order == 40


def test_the_event_page_draws_the_agenda_and_a_new_event_starts_with_its_template(client, cast):
    from terreau.events.services import events as event_services

    event = event_services.event_create(
        actor=cast.core_member,
        community=cast.community,
        starts_at=local(cast.community, 2026, 12, 1, 18, 0),
        ends_at=local(cast.community, 2026, 12, 1, 20, 0),
        title="Rencontre de décembre",
        kind=EventKind.MONTHLY_MEETING,
    )
    assert [i.guide_key for i in items(event)] == agenda_templates.template_for(EventKind.MONTHLY_MEETING)
    client.force_login(cast.member)
    html = client.get(reverse("events:detail", args=[cast.community.slug, event.pk])).content.decode()
    assert "Topic of the month" in html and "18:15–18:35" in html and "Edit the agenda" not in html
    client.force_login(cast.facilitator)
    html = client.get(reverse("events:detail", args=[cast.community.slug, event.pk])).content.decode()
    assert u("agenda", cast, event) in html


def test_the_overflow_is_told_to_those_who_organise_not_to_every_reader(cast):
    from django.template.loader import render_to_string

    event = make_event(cast.community, minutes=30)
    AgendaItem.objects.create(event=event, position=1, title="Long", duration=45)
    for user, told in ((cast.member, False), (cast.facilitator, True)):
        context = _panel(user, cast, event, agenda_views.agenda_panel)
        html = render_to_string("events/panels/agenda.html", {"community": cast.community, "event": event, **context})
        assert ("runs 15 min over the event" in html) is told


def test_an_organiser_clears_the_agenda_to_start_blank(client, cast):
    event = make_event(cast.community)
    agenda_services.start_from_template(event)
    client.force_login(cast.member)
    assert client.post(u("agenda_clear", cast, event)).status_code == 403
    client.force_login(cast.facilitator)
    assert "Yes, remove its 4 items" in client.get(u("agenda", cast, event)).content.decode()
    assert client.post(u("agenda_clear", cast, event)).status_code == 302
    assert items(event) == []
    assert "Use the template" in client.get(u("agenda", cast, event)).content.decode()


def test_the_meetings_of_a_series_start_with_the_monthly_template(cast):
    from terreau.events.services import series as series_services
    from terreau.events.tests.factories import make_series

    series = make_series(cast.community, first_start=local(cast.community, 2026, 12, 1, 18, 0))
    made = series_services.series_materialise(series, now=local(cast.community, 2026, 11, 30, 12, 0))
    assert made
    meetings = list(series.events.all())
    assert all(
        [i.guide_key for i in items(meeting)] == agenda_templates.template_for(EventKind.MONTHLY_MEETING)
        for meeting in meetings
    )
    series_services.series_materialise(series, now=local(cast.community, 2026, 11, 30, 12, 0))  # again: no more
    assert AgendaItem.objects.count() == 4 * len(meetings)
