"""The call for role volunteers: published, announced, answered, confirmed or declined."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from terreau.communities.models import Phase, Role, RoleAssignment, RoleKind
from terreau.exchanges.models import FeedItem, Notification

from ..models import Volunteer
from ..services import role_calls as services


@pytest.fixture
def call(cast):
    return services.role_call_create(
        actor=cast.core_member,
        community=cast.community,
        title="Appel aux forces vives",
        text="La logistique et la veille cherchent preneur.",
        roles=Role.objects.filter(community=cast.community, kind__in=[RoleKind.LOGISTICS, RoleKind.WATCH]),
    )


def _role(cast, kind):
    return Role.objects.get(community=cast.community, kind=kind)


def test_publishing_a_call_announces_it_in_the_feed_and_to_the_members(cast, call):
    assert FeedItem.objects.filter(community=cast.community, verb="role_call_opened").exists()
    told = set(Notification.objects.filter(verb="role_call_opened").values_list("recipient_id", flat=True))
    assert {cast.member.pk, cast.observer.pk, cast.facilitator.pk} <= told
    assert cast.core_member.pk not in told  # the one who published it


def test_only_the_core_team_publishes_a_call(cast):
    with pytest.raises(PermissionDenied):
        services.role_call_create(
            actor=cast.member,
            community=cast.community,
            title="x",
            text="y",
            roles=[_role(cast, RoleKind.LOGISTICS)],
        )


def test_a_call_lists_at_least_one_role(cast):
    with pytest.raises(ValidationError):
        services.role_call_create(actor=cast.core_member, community=cast.community, title="x", text="y", roles=[])


def test_confirming_a_volunteer_gives_the_role_and_tells_them(cast, call, client):
    offer = services.volunteer(
        actor=cast.member, call=call, role=_role(cast, RoleKind.LOGISTICS), motivation="J'organise déjà le marché."
    )
    assert Notification.objects.filter(recipient=cast.core_member, verb="role_volunteered").exists()
    services.volunteer_decide(actor=cast.core_member, volunteer=offer, confirm=True)
    assert RoleAssignment.objects.filter(role__kind=RoleKind.LOGISTICS, membership__user=cast.member).exists()
    assert Notification.objects.filter(recipient=cast.member, verb="role_volunteer_confirmed").exists()
    client.force_login(cast.observer)
    page = client.get(reverse("communities:roles", args=[cast.community.slug])).content.decode()
    assert "Julie Martin" in page  # the who-does-what follows


def test_declining_says_a_word_and_tells_them(cast, call):
    offer = services.volunteer(actor=cast.member, call=call, role=_role(cast, RoleKind.WATCH), motivation="Je lis.")
    with pytest.raises(ValidationError):
        services.volunteer_decide(actor=cast.core_member, volunteer=offer, confirm=False, note="")
    services.volunteer_decide(actor=cast.core_member, volunteer=offer, confirm=False, note="Déjà pris, merci !")
    offer.refresh_from_db()
    assert offer.status == Volunteer.Status.DECLINED
    told = Notification.objects.get(recipient=cast.member, verb="role_volunteer_declined")
    assert "Déjà pris" in told.message
    with pytest.raises(ValidationError):
        services.volunteer_decide(actor=cast.core_member, volunteer=offer, confirm=True)


def test_a_double_offer_a_role_not_in_the_call_or_a_closed_call_is_refused(cast, call):
    services.volunteer(actor=cast.member, call=call, role=_role(cast, RoleKind.WATCH), motivation="Oui")
    with pytest.raises(ValidationError):
        services.volunteer(actor=cast.member, call=call, role=_role(cast, RoleKind.WATCH), motivation="Encore")
    with pytest.raises(ValidationError):
        services.volunteer(actor=cast.member, call=call, role=_role(cast, RoleKind.IT_TOOLS), motivation="Oui")
    services.role_call_close(actor=cast.core_member, call=call)
    with pytest.raises(ValidationError):
        services.volunteer(actor=cast.observer, call=call, role=_role(cast, RoleKind.WATCH), motivation="Tard")


def test_nothing_moves_in_a_closed_community(cast, call):
    offer = services.volunteer(actor=cast.member, call=call, role=_role(cast, RoleKind.WATCH), motivation="Oui")
    cast.community.phase = Phase.CLOSED
    cast.community.save(update_fields=["phase"])
    with pytest.raises(PermissionDenied, match="closed"):
        services.volunteer_decide(actor=cast.core_member, volunteer=offer, confirm=True)
    with pytest.raises(PermissionDenied, match="closed"):
        services.volunteer(actor=cast.observer, call=call, role=_role(cast, RoleKind.WATCH), motivation="Oui")


def test_the_pages_of_a_call(client, cast, call):
    slug = cast.community.slug
    client.force_login(cast.member)
    assert client.get(reverse("elections:calls", args=[slug])).status_code == 200
    page = client.get(reverse("elections:call", args=[slug, call.pk]))
    assert "I volunteer" in page.content.decode()
    # A bad offer re-renders with what was typed.
    answer = client.post(reverse("elections:volunteer", args=[slug, call.pk]), {"motivation": "Sans rôle choisi"})
    assert answer.status_code == 200 and "Sans rôle choisi" in answer.content.decode()
    role = _role(cast, RoleKind.WATCH)
    done = client.post(reverse("elections:volunteer", args=[slug, call.pk]), {"role": role.pk, "motivation": "Veille"})
    assert done.status_code == 302
    client.force_login(cast.core_member)
    review = client.get(reverse("elections:call_review", args=[slug, call.pk])).content.decode()
    assert "Veille" in review and "Julie Martin" in review
    offer = Volunteer.objects.get()
    client.post(reverse("elections:decide", args=[slug, call.pk, offer.pk]), {"decision": "confirm"})
    assert RoleAssignment.objects.filter(role=role, membership__user=cast.member).exists()


def test_the_call_list_keeps_its_queries_whatever_the_number_of_calls(client, cast, django_assert_max_num_queries):
    slug = cast.community.slug
    for number in range(12):
        services.role_call_create(
            actor=cast.core_member,
            community=cast.community,
            title=f"Appel {number}",
            text="Texte",
            roles=Role.objects.filter(community=cast.community, kind=RoleKind.LOGISTICS),
        )
    client.force_login(cast.member)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("elections:calls", args=[slug])).status_code == 200
