"""The change log: the core team reads its community's, filtered, and downloads it as CSV."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import build_cast, make_member, make_user
from terreau.audit import services as audit
from terreau.audit.models import AuditEntry
from terreau.communities import services
from terreau.communities.models import Community, Role, RoleKind
from terreau.definition.models import Stakeholder
from terreau.definition.services import stakeholder_delete

pytestmark = pytest.mark.django_db


def log_url(cast, **query):
    url = reverse("audit:log", args=[cast.community.slug])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def history(cast):
    """The member is given a role, the facilitator joins the core team and removes the observer."""
    role = Role.objects.get(community=cast.community, kind=RoleKind.LOGISTICS)
    services.role_assign(actor=cast.core_member, role=role, membership=cast.membership(cast.member))
    services.core_team_add(actor=cast.core_member, membership=cast.membership(cast.facilitator))
    services.membership_remove(actor=cast.facilitator, membership=cast.membership(cast.observer))
    return cast


def shown(response) -> list[str]:
    return [entry.action for entry in response.context["entries"]]


def test_the_core_team_reads_its_communitys_log_newest_first(client, history):
    client.force_login(history.core_member)
    response = client.get(log_url(history))
    assert response.status_code == 200
    assert shown(response) == ["membership.removed", "core_team.added", "role.assigned"]
    assert "Removed from the community" in response.text and "Thomas Leroy" in response.text
    assert '<th scope="col">' in response.text


def test_a_member_is_refused_and_an_outsider_learns_nothing(client, history):
    client.force_login(history.member)
    assert client.get(log_url(history)).status_code == 403
    assert client.get(reverse("audit:csv", args=[history.community.slug])).status_code == 403
    client.force_login(history.outsider)
    assert client.get(log_url(history)).status_code == 404
    assert client.get(reverse("audit:csv", args=[history.community.slug])).status_code == 404


def test_the_platform_admin_reads_any_communitys_log(client, history):
    client.force_login(history.admin)
    assert shown(client.get(log_url(history)))[0] == "membership.removed"


def test_another_communitys_changes_stay_out(client, history):
    other = build_cast(listing=Community.Listing.PUBLIC, slug="mobilite")
    services.core_team_add(actor=other.core_member, membership=other.membership(other.member))
    client.force_login(history.core_member)
    assert "core_team.added" in shown(client.get(log_url(history)))
    assert len(shown(client.get(log_url(history)))) == 3


def test_the_core_team_finds_the_log_in_its_tabs_and_members_do_not(client, history):
    link = f'href="{log_url(history)}"'
    client.force_login(history.core_member)
    assert link in client.get(history.community.get_absolute_url()).text
    client.force_login(history.member)
    assert link not in client.get(history.community.get_absolute_url()).text


def test_filters_by_action_and_by_kind(client, history):
    client.force_login(history.core_member)
    assert shown(client.get(log_url(history, action="core_team.added"))) == ["core_team.added"]
    assert shown(client.get(log_url(history, action="membership"))) == ["membership.removed"]
    assert shown(client.get(log_url(history, action="deletion"))) == []


def test_filters_by_person_who_acted_or_whose_membership_changed(client, history):
    client.force_login(history.core_member)
    # The facilitator removed the observer (she acted) and was given a core-team seat.
    facilitator = shown(client.get(log_url(history, person=history.facilitator.pk)))
    assert facilitator == ["membership.removed", "core_team.added"]
    assert shown(client.get(log_url(history, person=history.observer.pk))) == ["membership.removed"]
    assert shown(client.get(log_url(history, person=history.member.pk))) == ["role.assigned"]
    assert shown(client.get(log_url(history, person=history.core_member.pk))) == ["core_team.added", "role.assigned"]


def test_filters_by_dates_both_included(client, history):
    old = AuditEntry.objects.get(action="role.assigned")
    AuditEntry.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    today = timezone.localdate()
    client.force_login(history.core_member)
    recent = shown(client.get(log_url(history, since=today.isoformat())))
    assert recent == ["membership.removed", "core_team.added"]
    earlier = (today - timedelta(days=10)).isoformat()
    assert shown(client.get(log_url(history, since=earlier, until=earlier))) == ["role.assigned"]


def test_a_wrong_date_is_explained_and_what_was_typed_stays(client, history):
    client.force_login(history.core_member)
    response = client.get(log_url(history, action="core_team.added", since="31/02/2025"))
    assert response.status_code == 200
    assert 'value="31/02/2025"' in response.text
    assert "Enter a valid date." in response.text
    assert shown(response) == ["core_team.added"]  # the filters that make sense still apply
    response = client.get(log_url(history, since="2025-03-10", until="2025-03-01"))
    assert "The end date comes before the start date." in response.text
    assert len(shown(response)) == 3


def test_pages_of_fifty_keep_the_filters(client, cast):
    membership = cast.membership(cast.member)
    record_many(cast, membership, 60)
    client.force_login(cast.core_member)
    response = client.get(log_url(cast, action="core_team.added"))
    assert len(shown(response)) == 50
    assert "?action=core_team.added&amp;page=2" in response.text
    second = client.get(log_url(cast, action="core_team.added", page=2))
    assert len(shown(second)) == 10


def record_many(cast, membership, count):
    for _ in range(count):
        audit.record(actor=cast.core_member, community=cast.community, action="core_team.added", target=membership)


def test_the_csv_holds_the_filtered_log(client, history):
    client.force_login(history.core_member)
    response = client.get(reverse("audit:csv", args=[history.community.slug]) + "?action=core_team")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    header, *rows = csv_rows(response)
    assert header == ["When", "Who", "What", "Action code", "Kind", "Object", "Before", "After"]
    assert [row[3] for row in rows] == ["core_team.added"]
    assert rows[0][1:3] == ["Marc Dubois", "Added to the core team"]
    assert rows[0][5] == "Sophie Lambert"
    # As the page shows them, for people reading a spreadsheet (not JSON).
    assert (rows[0][6], rows[0][7]) == ("core team: no", "core team: yes")


HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+33 cmd", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


def test_hostile_names_are_inert_in_the_csv(client, public_cast):
    cast = public_cast
    for i, name in enumerate(HOSTILE):
        services.community_join(user=make_user(f"hostile{i}@example.test", name), community=cast.community)
    hostile_core = make_member(cast.community, make_user("noyau2@example.test", "-Noyau"), is_core_team=True).user
    stakeholder = Stakeholder.objects.create(community=cast.community, name="=1+1", kind="municipality")
    stakeholder_delete(actor=hostile_core, stakeholder=stakeholder)
    client.force_login(cast.core_member)
    _header, *rows = csv_rows(client.get(reverse("audit:csv", args=[cast.community.slug])))
    assert {row[1] for row in rows} == {"'" + name for name in [*HOSTILE, "-Noyau"]}
    assert "'=1+1" in {row[5] for row in rows}
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
