"""The launch pages ask the database the same number of questions with 3 things or 300."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.accounts.models import User
from terreau.communities.models import Membership, Theme
from terreau.events.models import AgendaItem, Event, EventKind
from terreau.events.services import agenda as agenda_services
from terreau.launch.models import Action, Activity, Frequency

pytestmark = pytest.mark.django_db

STATUSES = list(Action.Status.values)
FREQUENCIES = list(Frequency.values)


def grow(community, n: int) -> None:
    """n members, n actions (two owners each, every status, overdue and future), n activities,
    n agenda items."""
    offset = Membership.objects.filter(community=community).count()
    users = User.objects.bulk_create(
        User(email=f"p{offset + i}@grow.test", display_name=f"Personne {offset + i}") for i in range(n)
    )
    members = Membership.objects.bulk_create(Membership(community=community, user=user) for user in users)
    today = timezone.localdate()
    theme, _created = Theme.objects.get_or_create(
        community=community, slug="logistique", defaults={"name": "Logistique"}
    )
    actions = Action.objects.bulk_create(
        Action(
            community=community,
            title=f"Action {i}",
            description="**Texte**",
            theme=theme,
            due_date=today + timedelta(days=(i % 120) - 20),
            status=STATUSES[i % 4],
            needs_support=i % 5 == 0,
        )
        for i in range(n)
    )
    Owner = Action.owners.through
    Owner.objects.bulk_create(
        Owner(action_id=action.pk, membership_id=members[(i + k) % n].pk)
        for i, action in enumerate(actions)
        for k in range(2)
    )
    Activity.objects.bulk_create(
        Activity(
            community=community,
            title=f"Activité {i}",
            frequency=FREQUENCIES[i % 4],
            participants="Tous",
            owner=members[i],
        )
        for i in range(n)
    )
    launch_day = Event.objects.get(community=community, kind=EventKind.LAUNCH_DAY)
    AgendaItem.objects.bulk_create(
        AgendaItem(event=launch_day, title=f"Point {i}", duration=10, position=100 + i, lead=members[i])
        for i in range(min(n, 30))  # a day's agenda, not hundreds of items
    )


PAGES = {
    "action plan": "launch:actions",
    "all actions, filtered by status": ("launch:actions", "?show=all&status=doing"),
    "action plan CSV": "launch:actions_csv",
    "activities": "launch:activities",
    "launch day": "launch:meeting",
    "launch pack": "launch:pack",
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("person", ["core_member", "member"])
def test_query_count_does_not_grow_with_the_data(client, cast, django_assert_num_queries, page, person):
    agenda_services.launch_day_plan(actor=cast.core_member, community=cast.community)
    name, query = PAGES[page] if isinstance(PAGES[page], tuple) else (PAGES[page], "")
    url = reverse(name, args=[cast.community.slug]) + query
    client.force_login(getattr(cast, person))
    grow(cast.community, 3)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    grow(cast.community, 300)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.status_code == 200


PAGE_LIMIT = 100 * 1024


@pytest.mark.parametrize(
    "page",
    ["launch:actions", "launch:pack", "launch:action_create", "launch:activity_create"],
)
def test_a_page_stays_under_100_kb_with_300_actions_and_members(client, cast, page):
    """A page of the plan at a time, the pack's first actions, and no list of every member to
    choose owners from."""
    agenda_services.launch_day_plan(actor=cast.core_member, community=cast.community)
    grow(cast.community, 300)
    client.force_login(cast.core_member)
    response = client.get(reverse(page, args=[cast.community.slug]) + ("?show=all" if page == "launch:actions" else ""))
    assert response.status_code == 200
    assert len(response.content) < PAGE_LIMIT
    assert "Personne 299" not in response.text or page == "launch:actions"
