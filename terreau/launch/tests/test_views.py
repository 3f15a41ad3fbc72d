"""The launch pages over HTTP: what each person sees, forms with bad input, the CSV export."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from terreau.accounts.middleware import UserLanguageMiddleware
from terreau.communities.models import Theme
from terreau.core.models import Visibility
from terreau.events.models import AgendaItem as EventAgendaItem
from terreau.events.models import Event, EventKind
from terreau.events.services import agenda as agenda_services
from terreau.launch.models import Action, Activity, Frequency

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The pages in their English source, whatever the catalogue translates."""
    monkeypatch.setattr(UserLanguageMiddleware, "language_for", staticmethod(lambda request: "en"))


def u(name, cast, *args):
    return reverse(f"launch:{name}", args=[cast.community.slug, *args])


# ---------------------------------------------------------------------------------------------
# Launch day


def test_the_core_team_sees_the_guides_agenda_and_plans_the_launch_day_as_an_event(client, cast):
    client.force_login(cast.core_member)
    response = client.get(u("meeting", cast))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Expectations of the participants" in html and "The 3-6 month action plan" in html
    assert "09:30–10:15" in html and "Plan the launch day" in html
    assert not Event.objects.exists()  # reading the page writes nothing
    response = client.post(u("meeting_start", cast))
    event = Event.objects.get(community=cast.community)
    assert response.status_code == 302
    assert response["Location"] == reverse("events:edit", args=[cast.community.slug, event.pk])
    assert event.kind == EventKind.LAUNCH_DAY and event.title == "Launch day"
    assert [item.guide_key for item in EventAgendaItem.objects.filter(event=event)] == [
        "expectations",
        "purpose",
        "working_together",
        "lunch",
        "roles",
        "thematic_work",
        "action_plan",
    ]
    assert (event.ends_at - event.starts_at) == timedelta(hours=7, minutes=15)
    html = client.get(u("meeting", cast)).content.decode()
    assert "Plan the launch day" not in html and "7 h 15" in html
    assert reverse("events:detail", args=[cast.community.slug, event.pk]) in html
    assert reverse("events:agenda", args=[cast.community.slug, event.pk]) in html


def test_a_member_sees_the_launch_day_per_its_visibility_and_never_plans_one(client, cast):
    client.force_login(cast.member)
    html = client.get(u("meeting", cast)).content.decode()
    assert "has not shared a plan" in html and "Plan the launch day" not in html
    assert client.post(u("meeting_start", cast)).status_code == 403
    event = agenda_services.launch_day_plan(actor=cast.core_member, community=cast.community)
    Event.objects.filter(pk=event.pk).update(visibility=Visibility.MEMBERS, place="Ferme de Mozet")
    html = client.get(u("meeting", cast)).content.decode()
    assert "Expectations of the participants" in html and "Ferme de Mozet" in html
    assert "Edit the agenda" not in html
    Event.objects.filter(pk=event.pk).update(visibility=Visibility.CORE_TEAM)
    assert "Expectations of the participants" not in client.get(u("meeting", cast)).content.decode()
    client.logout()
    assert "Expectations of the participants" not in client.get(u("meeting", cast)).content.decode()
    Event.objects.filter(pk=event.pk).update(visibility=Visibility.PUBLIC)
    assert "Expectations of the participants" in client.get(u("meeting", cast)).content.decode()


def test_the_launch_day_page_follows_the_events_agenda(client, cast):
    event = agenda_services.launch_day_plan(actor=cast.core_member, community=cast.community)
    first = EventAgendaItem.objects.filter(event=event).first()
    agenda_services.item_save(
        actor=cast.core_member, item=EventAgendaItem(event=event, title="Visite de la ferme", duration=30)
    )
    first.title, first.lead = "Attentes", cast.membership(cast.facilitator)
    first.save()
    client.force_login(cast.facilitator)
    html = client.get(u("meeting", cast)).content.decode()
    assert "Attentes" in html and "Sophie Lambert" in html and "Visite de la ferme" in html
    assert "7 h 45" in html  # the agenda's total
    assert "Edit the agenda" in html  # a facilitator organises the community's events


# ---------------------------------------------------------------------------------------------
# Calendar of activities


def test_the_calendar_offers_the_guides_rhythm_until_it_holds_it(client, cast):
    client.force_login(cast.core_member)
    html = client.get(u("activities", cast)).content.decode()
    assert "Add the guide's suggestions" in html
    response = client.post(u("activities_suggest", cast), follow=True)
    html = response.content.decode()
    assert "A message to every member" in html and "Community meeting" in html
    assert "Add the guide's suggestions" not in html
    assert Activity.objects.count() == 4


def test_an_activity_is_created_with_its_frequency_and_participants(client, cast):
    client.force_login(cast.core_member)
    response = client.post(
        u("activity_create", cast),
        {
            "title": "Marché fermier du premier samedi",
            "frequency": "monthly",
            "participants": "Groupe de travail logistique",
            "owner": cast.membership(cast.member).pk,
            "visibility": "members",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.frequency == Frequency.MONTHLY
    client.force_login(cast.observer)
    html = client.get(u("activities", cast)).content.decode()
    assert "Marché fermier du premier samedi" in html and "Julie Martin" in html
    assert "Add an activity" not in html


def test_an_activity_without_participants_or_frequency_is_refused_with_what_was_typed(client, cast):
    client.force_login(cast.core_member)
    response = client.post(
        u("activity_create", cast), {"title": "Café virtuel", "frequency": "daily", "visibility": "members"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="Café virtuel"' in html
    assert "Select a valid choice." in html and "This field is required." in html
    assert not Activity.objects.exists()


def test_an_activity_is_edited_and_removed(client, cast):
    client.force_login(cast.core_member)
    activity = Activity.objects.create(
        community=cast.community, title="Lettre", frequency=Frequency.WEEKLY, participants="Tous"
    )
    client.post(
        u("activity_edit", cast, activity.pk),
        {"title": "Lettre du lundi", "frequency": "weekly", "participants": "Tous", "visibility": "public"},
    )
    activity.refresh_from_db()
    assert activity.title == "Lettre du lundi" and activity.visibility == "public"
    client.post(u("activity_delete", cast, activity.pk))
    assert not Activity.objects.exists()


# ---------------------------------------------------------------------------------------------
# Action plan


def action_data(**fields):
    return {
        "title": "Recenser les points de vente",
        "description": "Avec les communes",
        "new_theme": "Logistique",
        "due_date": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "status": "todo",
        "visibility": "members",
        **fields,
    }


def test_an_action_is_created_with_owners_and_shows_in_the_plan(client, cast):
    client.force_login(cast.core_member)
    owners = [cast.membership(cast.member).pk, cast.membership(cast.facilitator).pk]
    response = client.post(u("action_create", cast), action_data(owners=owners, needs_support="on"))
    assert response.status_code == 302
    action = Action.objects.get()
    assert set(action.owners.values_list("pk", flat=True)) == set(owners)
    assert action.needs_support and action.created_by == cast.core_member
    # The theme written is the community's theme of that name, not a second one.
    assert action.theme == cast.community.themes.get(slug="logistique") and cast.community.themes.count() == 2
    client.force_login(cast.member)
    html = client.get(u("actions", cast)).content.decode()
    assert "Recenser les points de vente" in html
    assert "Julie Martin, Sophie Lambert" in html
    assert '<span class="badge support">Needs support</span>' in html
    assert "1</strong> action needing support" in html
    assert "Add an action" not in html


def test_a_malformed_due_date_keeps_what_was_typed_and_saves_nothing(client, cast):
    client.force_login(cast.core_member)
    response = client.post(u("action_create", cast), action_data(due_date="le 3 mars", status="finished"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="le 3 mars"' in html and 'value="Recenser les points de vente"' in html
    assert "Enter a valid date." in html and "Select a valid choice." in html
    assert not Action.objects.exists()


def test_an_owner_from_elsewhere_is_refused(client, cast, public_cast):
    client.force_login(cast.core_member)
    stranger = public_cast.membership(public_cast.member)
    response = client.post(u("action_create", cast), action_data(owners=[stranger.pk]))
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not Action.objects.filter(community=cast.community).exists()


def test_the_status_changes_from_the_list_and_the_filters_are_kept(client, cast):
    client.force_login(cast.core_member)
    action = Action.objects.create(community=cast.community, title="Enquête", due_date=timezone.localdate())
    back = u("actions", cast) + "?status=todo"
    response = client.post(u("action_status", cast, action.pk), {"status": "blocked", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    action.refresh_from_db()
    assert action.status == "blocked"
    response = client.post(u("action_status", cast, action.pk), {"status": "nope", "next": "https://evil.test/"})
    assert response["Location"] == u("actions", cast)
    action.refresh_from_db()
    assert action.status == "blocked"


def test_the_plan_shows_badges_in_words_and_filters_by_address(client, cast):
    today = timezone.localdate()
    late = Action.objects.create(community=cast.community, title="En retard", due_date=today - timedelta(days=3))
    Action.objects.create(
        community=cast.community, title="Coincée", due_date=today + timedelta(days=3), status="blocked"
    )
    Action.objects.create(community=cast.community, title="Plus tard", due_date=today + timedelta(days=200))
    late.owners.set([cast.membership(cast.member)])
    client.force_login(cast.member)
    html = client.get(u("actions", cast)).content.decode()
    assert html.index("En retard") < html.index("Coincée")
    assert '<span class="badge overdue">Overdue</span>' in html and "Blocked</span>" in html
    assert "Plus tard" not in html
    assert "Plus tard" in client.get(u("actions", cast) + "?show=all").content.decode()
    html = client.get(u("actions", cast) + f"?owner={cast.membership(cast.member).pk}").content.decode()
    assert "En retard" in html and "Coincée" not in html
    html = client.get(u("actions", cast) + "?status=blocked&owner=abc").content.decode()  # a bad value is ignored
    assert "Coincée" in html and "En retard" not in html


def test_the_csv_export_reads_back_with_the_csv_module(client, cast):
    action = Action.objects.create(
        community=cast.community,
        title="Fête; du «lancement»",
        description="Ligne 1\nLigne 2",
        theme=Theme.objects.create(community=cast.community, name="Communication"),
        due_date=timezone.localdate() + timedelta(days=5),
        status="doing",
        needs_support=True,
    )
    action.owners.set([cast.membership(cast.member), cast.membership(cast.observer)])
    Action.objects.create(community=cast.community, title="Secret", visibility=Visibility.CORE_TEAM, status="blocked")
    client.force_login(cast.member)
    response = client.get(u("actions_csv", cast))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == [
        "Title",
        "Description",
        "Owners",
        "Theme",
        "Due date",
        "Status",
        "Needs support",
    ]
    assert rows[1:] == [
        [
            "Fête; du «lancement»",
            "Ligne 1\nLigne 2",
            "Julie Martin, Thomas Leroy",
            "Communication",
            action.due_date.isoformat(),
            "In progress",
            "yes",
        ]
    ]


def test_an_action_is_edited_and_removed(client, cast):
    client.force_login(cast.core_member)
    action = Action.objects.create(community=cast.community, title="Enquête")
    action.owners.set([cast.membership(cast.member)])
    response = client.post(u("action_edit", cast, action.pk), action_data(title="Enquête auprès des GAL"))
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Enquête auprès des GAL" and not action.owners.exists()
    client.post(u("action_delete", cast, action.pk))
    assert not Action.objects.exists()


def test_a_visitor_sees_only_public_actions(client, public_cast):
    Action.objects.create(community=public_cast.community, title="Publique", visibility=Visibility.PUBLIC)
    Action.objects.create(community=public_cast.community, title="Interne")
    html = client.get(reverse("launch:actions", args=[public_cast.community.slug]) + "?show=all").content.decode()
    assert "Publique" in html and "Interne" not in html


def test_the_plan_shows_a_page_of_actions_at_a_time_and_keeps_the_filters(client, cast):
    from terreau.launch.selectors import PLAN_PAGE_SIZE

    today = timezone.localdate()
    Action.objects.bulk_create(
        Action(community=cast.community, title=f"Action {i:03}", due_date=today + timedelta(days=i % 60))
        for i in range(PLAN_PAGE_SIZE + 5)
    )
    client.force_login(cast.member)
    first = client.get(u("actions", cast), {"show": "all"})
    assert first.text.count('class="card" id="action-') == PLAN_PAGE_SIZE
    assert f"{PLAN_PAGE_SIZE + 5} actions, all dates." in first.text
    second = client.get(u("actions", cast), {"show": "all", "page": 2})
    assert second.text.count('class="card" id="action-') == 5
    assert "show=all" in second.text.split('rel="prev"')[0].rsplit("<a", 1)[1]


def test_an_owner_is_added_by_name_without_a_list_of_every_member(client, cast):
    client.force_login(cast.core_member)
    form = client.get(u("action_create", cast))
    assert "Julie Martin" not in form.text and 'name="owners_member"' in form.text
    response = client.post(u("action_create", cast), action_data(owners_member="julie martin"))
    assert response.status_code == 302
    action = Action.objects.get(title=action_data()["title"])
    assert list(action.owners.all()) == [cast.membership(cast.member)]
    # The action's page lists its owners, to untick one.
    edit = client.get(u("action_edit", cast, action.pk))
    assert f'name="owners" value="{cast.membership(cast.member).pk}"' in edit.text and "checked" in edit.text


def test_an_owner_name_that_matches_nobody_keeps_the_form_with_a_reason(client, cast):
    client.force_login(cast.core_member)
    response = client.post(u("action_create", cast), action_data(owners_member="Personne inconnue"))
    assert response.status_code == 200
    assert "No single member matches" in response.text
    assert not Action.objects.exists()


def test_an_activity_links_to_the_events_that_realise_it(client, cast):
    activity = Activity.objects.create(
        community=cast.community, title="Rencontre du mois", frequency=Frequency.MONTHLY, visibility=Visibility.MEMBERS
    )
    soon = timezone.now() + timedelta(days=3)
    held = Event.objects.create(
        community=cast.community,
        activity=activity,
        title="Rencontre d'octobre",
        visibility=Visibility.MEMBERS,
        starts_at=soon - timedelta(days=30),
        ends_at=soon - timedelta(days=30, hours=-2),
    )
    coming = Event.objects.create(
        community=cast.community,
        activity=activity,
        title="Rencontre de novembre",
        visibility=Visibility.MEMBERS,
        starts_at=soon,
        ends_at=soon + timedelta(hours=2),
    )
    Event.objects.create(  # the core team's: not counted for a member
        community=cast.community,
        activity=activity,
        title="Préparation",
        visibility=Visibility.CORE_TEAM,
        starts_at=soon - timedelta(days=1),
        ends_at=soon - timedelta(days=1, hours=-1),
    )
    client.force_login(cast.member)
    html = client.get(u("activities", cast)).content.decode()
    assert reverse("events:detail", args=[cast.community.slug, coming.pk]) in html
    assert reverse("events:detail", args=[cast.community.slug, held.pk]) not in html  # the next one, not the past
    assert "2 events realise it" in html and "Préparation" not in html
    client.force_login(cast.core_member)
    assert "3 events realise it" in client.get(u("activities", cast)).content.decode()
