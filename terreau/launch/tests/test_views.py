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
from terreau.launch import services
from terreau.launch.models import Action, Activity, AgendaItem, Frequency, LaunchMeeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """The pages in their English source, whatever the catalogue translates."""
    monkeypatch.setattr(UserLanguageMiddleware, "language_for", staticmethod(lambda request: "en"))


def u(name, cast, *args):
    return reverse(f"launch:{name}", args=[cast.community.slug, *args])


# ---------------------------------------------------------------------------------------------
# Launch day


def test_the_core_team_opens_a_plan_prefilled_with_the_guides_agenda(client, cast):
    client.force_login(cast.core_member)
    response = client.get(u("meeting", cast))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Expectations of the participants" in html
    assert "The 3-6 month action plan" in html
    assert "09:30–10:15" in html
    assert "7 h 15" in html  # total duration
    assert "Keep this agenda" in html and '/edit/">Edit' not in html  # no item saved to edit yet
    response = client.post(u("meeting_start", cast))
    assert response.status_code == 302 and response["Location"] == u("meeting", cast)
    assert LaunchMeeting.objects.filter(community=cast.community).count() == 1
    assert AgendaItem.objects.filter(meeting__community=cast.community).count() == 7
    html = client.get(u("meeting", cast)).content.decode()
    assert "Keep this agenda" not in html and "7 h 15" in html
    first = AgendaItem.objects.get(guide_key="expectations")
    assert u("agenda_item_edit", cast, first.pk) in html
    client.post(u("meeting_start", cast))  # a second time changes nothing
    assert AgendaItem.objects.count() == 7


@pytest.mark.parametrize("name", ["meeting", "meeting_edit", "agenda_item_create"])
def test_opening_a_launch_day_page_writes_nothing(client, cast, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(cast.core_member)
    before = (LaunchMeeting.objects.count(), AgendaItem.objects.count())
    with CaptureQueriesContext(connection) as queries:
        assert client.get(u(name, cast)).status_code == 200
    assert (LaunchMeeting.objects.count(), AgendaItem.objects.count()) == before == (0, 0)
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert writes == []


def test_the_first_item_added_saves_the_guides_plan_with_it(client, cast):
    client.force_login(cast.core_member)
    response = client.post(u("agenda_item_create", cast), {"title": "Visite de la ferme", "duration": "30"})
    assert response.status_code == 302
    meeting = LaunchMeeting.objects.get(community=cast.community)
    titles = [item.display_title for item in meeting.items.order_by("position")]
    assert len(titles) == 8 and titles[0] == "Expectations of the participants" and titles[-1] == "Visite de la ferme"


def test_a_refused_first_item_saves_no_plan(client, cast):
    client.force_login(cast.core_member)
    response = client.post(u("agenda_item_create", cast), {"title": "", "duration": "2"})
    assert response.status_code == 200 and "This field is required." in response.content.decode()
    assert not LaunchMeeting.objects.exists() and not AgendaItem.objects.exists()


def test_a_member_sees_the_plan_per_its_visibility_and_never_prepares_one(client, cast):
    client.force_login(cast.member)
    response = client.get(u("meeting", cast))
    assert "has not shared a plan" in response.content.decode()
    assert not LaunchMeeting.objects.exists()
    meeting = services.launch_meeting_prepare(actor=cast.core_member, community=cast.community)
    response = client.get(u("meeting", cast))
    assert "Expectations of the participants" in response.content.decode()
    assert "Add an item" not in response.content.decode()
    meeting.visibility = Visibility.CORE_TEAM
    meeting.save()
    assert "Expectations of the participants" not in client.get(u("meeting", cast)).content.decode()
    client.logout()
    assert "Expectations of the participants" not in client.get(u("meeting", cast)).content.decode()
    meeting.visibility = Visibility.PUBLIC
    meeting.save()
    assert "Expectations of the participants" in client.get(u("meeting", cast)).content.decode()


def test_the_meeting_is_given_a_date_time_and_place(client, cast):
    client.force_login(cast.core_member)
    response = client.post(
        u("meeting_edit", cast),
        {"date": "2025-09-20", "start_time": "09:00", "place": "Ferme de Mozet", "visibility": "members"},
    )
    assert response.status_code == 302
    meeting = LaunchMeeting.objects.get()
    assert str(meeting.date) == "2025-09-20" and meeting.place == "Ferme de Mozet"
    assert meeting.items.count() == 7  # the first save keeps the guide's agenda
    html = client.get(u("meeting", cast)).content.decode()
    assert "09:00–09:45" in html and "Ferme de Mozet" in html


def test_a_malformed_date_keeps_what_was_typed_and_saves_nothing(client, cast):
    client.force_login(cast.core_member)
    response = client.post(
        u("meeting_edit", cast),
        {"date": "31/02/2025", "start_time": "9h", "place": "Ferme de Mozet", "visibility": "members"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="31/02/2025"' in html and 'value="Ferme de Mozet"' in html
    assert "Enter a valid date." in html and "Enter a valid time." in html
    assert not LaunchMeeting.objects.exists()


def test_agenda_items_are_added_edited_moved_and_removed(client, cast):
    client.force_login(cast.core_member)
    facilitator = cast.membership(cast.facilitator)
    response = client.post(
        u("agenda_item_create", cast),
        {"title": "Visite de la ferme", "duration": "30", "facilitator": facilitator.pk, "notes": "**Bottes**"},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Visite de la ferme")
    assert item.position == 8 and item.facilitator == facilitator
    html = client.get(u("meeting", cast)).content.decode()
    assert "<strong>Bottes</strong>" in html and "Sophie Lambert" in html and "7 h 45" in html

    client.post(u("agenda_item_move", cast, item.pk), {"direction": "up"})
    item.refresh_from_db()
    assert item.position == 7

    response = client.post(u("agenda_item_edit", cast, item.pk), {"title": "", "duration": "2"})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert "Ensure this value is greater than or equal to 5." in response.content.decode()
    item.refresh_from_db()
    assert item.title == "Visite de la ferme"

    client.post(u("agenda_item_delete", cast, item.pk))
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


def test_a_guide_item_left_unchanged_keeps_following_the_readers_language(client, cast):
    client.force_login(cast.core_member)
    client.post(u("meeting_start", cast))
    item = AgendaItem.objects.get(guide_key="expectations")
    form_html = client.get(u("agenda_item_edit", cast, item.pk)).content.decode()
    assert 'value="Expectations of the participants"' in form_html
    client.post(
        u("agenda_item_edit", cast, item.pk),
        {"title": "Expectations of the participants", "duration": "60", "notes": item.display_notes},
    )
    item.refresh_from_db()
    assert (item.title, item.notes, item.duration) == ("", "", 60)


def test_members_cannot_change_the_agenda(client, cast):
    meeting = services.launch_meeting_prepare(actor=cast.core_member, community=cast.community)
    item = meeting.items.first()
    client.force_login(cast.facilitator)
    assert client.post(u("agenda_item_delete", cast, item.pk)).status_code == 403
    assert client.post(u("agenda_item_move", cast, item.pk), {"direction": "down"}).status_code == 403
    assert AgendaItem.objects.filter(pk=item.pk, position=1).exists()


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
