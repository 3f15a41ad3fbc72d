"""The election's pages: what each person sees and may do at each step, without JavaScript."""

import pytest
from django.urls import reverse

import conftest
from terreau.circles.models import CircleMember
from terreau.communities.models import Role, RoleKind

from ..models import Election, Phase
from ..services import elections as services
from .factories import make_election, move, working_group


@pytest.fixture
def election(cast):
    return make_election(cast)


def _url(cast, name, election=None):
    args = [cast.community.slug] + ([election.pk] if election else [])
    return reverse(f"elections:{name}", args=args)


def test_setting_up_an_election_from_the_form(client, cast):
    circle = working_group(cast)
    client.force_login(cast.facilitator)
    assert client.get(_url(cast, "create")).status_code == 200
    role = Role.objects.get(community=cast.community, kind=RoleKind.FACILITATION)
    response = client.post(
        _url(cast, "create"),
        {
            "subject": "role",
            "role": role.pk,
            "circle": circle.pk,
            "description": "Une heure par semaine.",
            "term_months": 12,
            "facilitator": cast.membership(cast.facilitator).pk,
            "visibility": "members",
        },
    )
    election = Election.objects.get()
    assert response.status_code == 302 and response["Location"] == election.get_absolute_url()


def test_a_bad_setup_re_renders_with_what_was_typed(client, cast):
    client.force_login(cast.facilitator)
    response = client.post(_url(cast, "create"), {"subject": "role", "description": "Texte gardé", "term_months": 0})
    assert response.status_code == 200 and "Texte gardé" in response.content.decode()


def test_a_participant_nominates_from_the_election_page(client, cast, election):
    move(election, cast.facilitator, "open_nominations")
    client.force_login(cast.member)
    page = client.get(_url(cast, "detail", election)).content.decode()
    assert "Nominate" in page and "not even the facilitator" in page
    response = client.post(
        _url(cast, "nominate", election), {"nominee": cast.membership(cast.observer).pk, "reason": "Sérieux"}
    )
    assert response.status_code == 302
    page = client.get(_url(cast, "detail", election)).content.decode()
    assert "Your nomination for this round is written." in page


def test_a_refused_nomination_keeps_what_was_typed(client, cast, election):
    client.force_login(cast.member)
    response = client.post(
        _url(cast, "nominate", election), {"nominee": cast.membership(cast.observer).pk, "reason": "Trop tôt, gardé"}
    )
    assert response.status_code == 200
    assert "Trop tôt, gardé" in response.content.decode()


def test_a_facilitator_on_an_old_page_is_told_the_election_moved_on(client, cast, election):
    client.force_login(cast.core_member)
    old = election.version
    move(election, cast.facilitator, "open_nominations")
    response = client.post(_url(cast, "move", election), {"move": "open_nominations", "version": old, "from": "live"})
    assert response.status_code == 409
    assert "moved this election on" in response.content.decode()


def test_the_live_page_records_for_people_present(client, cast, election):
    client.force_login(cast.facilitator)
    move(election, cast.facilitator, "open_nominations")
    page = client.get(_url(cast, "live", election)).content.decode()
    assert "Write down a nomination said aloud" in page
    response = client.post(
        _url(cast, "nominate", election),
        {
            "nominee": cast.membership(cast.member).pk,
            "reason": "Dit à voix haute",
            "for_member": cast.membership(cast.observer).pk,
            "from": "live",
        },
    )
    assert response.status_code == 302 and response["Location"] == _url(cast, "live", election)
    page = client.get(_url(cast, "live", election)).content.decode()
    assert "Dit à voix haute" not in page
    assert "Thomas Leroy has written" in page


def test_a_member_may_not_open_the_live_page(client, cast, election):
    client.force_login(cast.member)
    assert client.get(_url(cast, "live", election)).status_code == 403


def test_the_outcome_shows_on_the_election_and_the_who_does_what(client, cast, election):
    move(election, cast.facilitator, "open_nominations")
    services.nominate(actor=cast.member, election=election, nominee=cast.membership(cast.observer), reason="Oui")
    for name in ["reveal", "open_changes", "close_changes"]:
        move(election, cast.facilitator, name)
    election.refresh_from_db()
    services.propose(
        actor=cast.facilitator,
        election=election,
        version=election.version,
        nominee=cast.membership(cast.observer),
        reason="Oui",
    )
    for person in ["core_member", "facilitator", "member", "observer"]:
        services.answer(actor=getattr(cast, person), election=election, choice="consent")
    election.refresh_from_db()
    assert election.phase == Phase.DONE
    client.force_login(cast.member)
    page = client.get(_url(cast, "detail", election)).content.decode()
    assert "Thomas Leroy is elected for Communication" in page
    roles = client.get(reverse("communities:roles", args=[cast.community.slug])).content.decode()
    assert "Elect without candidates" in roles and "Call for role volunteers" in roles


def test_the_list_keeps_its_queries_whatever_the_number_of_elections(client, cast, django_assert_max_num_queries):
    circle = working_group(cast)
    for _ in range(10):
        make_election(cast, circle=circle)
    client.force_login(cast.member)
    with django_assert_max_num_queries(12):
        assert client.get(_url(cast, "list")).status_code == 200


def test_the_list_pages_rather_than_drops_older_elections(client, cast, monkeypatch):
    from .. import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    circle = working_group(cast)
    elections = [make_election(cast, circle=circle) for _ in range(3)]
    client.force_login(cast.member)
    shown = [
        election.pk
        for page in ("1", "2")
        for election in client.get(_url(cast, "list"), {"page": page}).context["elections"]
    ]
    assert sorted(shown) == sorted(election.pk for election in elections)


def _revealed_with(cast, count, tag=""):
    """An election in its consent round whose circle has `count` more members who all nominated."""
    circle = working_group(cast)
    extra = []
    for number in range(count):
        user = conftest.make_user(f"extra{tag}{number}@circuits-courts.test", f"Membre {number}")
        membership = conftest.make_member(cast.community, user)
        CircleMember.objects.create(circle=circle, membership=membership)
        extra.append(user)
    election = make_election(cast, circle=circle)
    move(election, cast.facilitator, "open_nominations")
    for user in [cast.member, cast.observer, *extra]:
        services.nominate(actor=user, election=election, nominee=cast.membership(cast.member), reason="Oui")
    for name in ["reveal", "open_changes", "close_changes"]:
        move(election, cast.facilitator, name)
    election.refresh_from_db()
    services.propose(
        actor=cast.facilitator,
        election=election,
        version=election.version,
        nominee=cast.membership(cast.member),
        reason="x",
    )
    for user in extra:
        services.answer(actor=user, election=election, choice="consent")
    return election


def test_the_election_pages_keep_their_queries_whatever_the_number_of_participants(client, cast):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (1, 12):
        election = _revealed_with(cast, size, tag=str(size))
        client.force_login(cast.facilitator)
        for name in ["detail", "live"]:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(_url(cast, name, election)).status_code == 200
            counts.append((name, len(queries)))
    assert counts[:2] == counts[2:]
