"""The retrospective step by step: open, cards, groups, the vote, the end, the record; and what
is refused on the way (a wrong move, a stale board, a card after the end, a closed community)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from terreau.communities.models import Membership, Phase
from terreau.core import events
from terreau.core.models import Visibility
from terreau.retrospectives import selectors, services
from terreau.retrospectives.models import Card, CardGroup, Retrospective, Vote

pytestmark = pytest.mark.django_db


def open_one(cast, actor=None, **fields):
    fields.setdefault("title", "Si c'était à refaire")
    return services.retrospective_open(actor=actor or cast.facilitator, community=cast.community, **fields)


def post(cast, retro, column="keep", text="Les rencontres mensuelles", actor=None):
    return services.card_post(actor=actor or cast.member, retrospective=retro, column=column, text=text)


def results(cast, retro):
    retro = Retrospective.objects.get(pk=retro.pk)
    return {
        column.column: [(item.title, item.votes) for item in column.items]
        for column in selectors.board(cast.member, retro)
    }


def test_the_retrospective_step_by_step(cast):
    retro = open_one(cast, votes_per_member=3)
    assert retro.status == Retrospective.Status.OPEN and retro.version == 1
    first = post(cast, retro, text="Les rencontres mensuelles")
    second = post(cast, retro, text="Les visites de fermes", actor=cast.observer)
    post(cast, retro, column="stop", text="Les réunions trop longues")
    post(cast, retro, column="more", text="Des échanges entre GAL", actor=cast.observer)

    group = services.group_create(
        actor=cast.facilitator,
        retrospective=retro,
        column="keep",
        cards=[first, second],
        title="Se voir en vrai",
        version=retro.version,
    )
    assert retro.version == 2 and set(group.cards.all()) == {first, second}

    services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="voting", version=retro.version)
    assert retro.status == "voting" and retro.version == 3
    with pytest.raises(ValidationError, match="open for cards"):
        post(cast, retro, column="add", text="Trop tard")

    services.vote_cast(actor=cast.member, retrospective=retro, group=group)
    services.vote_cast(actor=cast.member, retrospective=retro, group=group)
    stop = Card.objects.get(column="stop")
    services.vote_cast(actor=cast.member, retrospective=retro, card=stop)
    with pytest.raises(ValidationError, match="used your 3 votes"):
        services.vote_cast(actor=cast.member, retrospective=retro, card=stop)
    services.vote_take_back(actor=cast.member, retrospective=retro, group=group)
    services.vote_cast(actor=cast.member, retrospective=retro, card=stop)
    with pytest.raises(ValidationError, match="in a group"):
        services.vote_cast(actor=cast.observer, retrospective=retro, card=first)
    services.vote_cast(actor=cast.observer, retrospective=retro, group=group)
    assert results(cast, retro)["keep"] == [("Se voir en vrai", 2)]

    services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="done", version=retro.version)
    assert retro.status == "done" and retro.ended_at is not None
    with pytest.raises(ValidationError, match="at the vote"):
        services.vote_cast(actor=cast.member, retrospective=retro, card=stop)
    with pytest.raises(ValidationError, match="open for cards"):
        post(cast, retro, column="add", text="Après la fin")
    with pytest.raises(ValidationError):
        services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="voting", version=retro.version)

    board = selectors.board(cast.member, Retrospective.objects.get(pk=retro.pk))
    draft = selectors.record_draft(retro, board)
    assert "**Se voir en vrai** (2 votes)" in draft and "  - Les visites de fermes" in draft
    assert "**Les réunions trop longues** (2 votes)" in draft
    told = []
    events.subscribe(events.RETROSPECTIVE_RECORDED, lambda **payload: told.append(payload))
    services.record_save(actor=cast.facilitator, retrospective=retro, record=draft, version=retro.version)
    services.record_save(actor=cast.core_member, retrospective=retro, record=draft + "\nUn mot.", version=retro.version)
    stored = Retrospective.objects.get(pk=retro.pk)
    assert stored.record.endswith("Un mot.") and stored.recorded_by == cast.core_member
    assert len(told) == 1 and told[0]["url"] == retro.get_absolute_url()


def test_invalid_moves_are_refused_in_french_words_of_the_catalogue(cast):
    retro = open_one(cast)
    with pytest.raises(ValidationError, match="nothing to vote on"):
        services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="voting", version=retro.version)
    post(cast, retro)
    for wrong in ("done", "open", "archived"):
        with pytest.raises(ValidationError, match="It goes from the cards to the vote"):
            services.retrospective_move(actor=cast.facilitator, retrospective=retro, to=wrong, version=retro.version)
    with pytest.raises(ValidationError, match="once the retrospective has ended"):
        services.record_save(actor=cast.facilitator, retrospective=retro, record="Trop tôt", version=retro.version)


def test_two_facilitators_at_once_the_second_is_told(cast):
    retro = open_one(cast)
    cards = [post(cast, retro, text=f"Carte {n}") for n in range(3)]
    seen = retro.version
    other = Retrospective.objects.get(pk=retro.pk)
    services.group_create(
        actor=cast.core_member, retrospective=other, column="keep", cards=cards[:2], title="A", version=seen
    )
    with pytest.raises(services.Conflict):
        services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="voting", version=seen)
    with pytest.raises(services.Conflict):
        services.group_create(
            actor=cast.facilitator, retrospective=retro, column="keep", cards=cards[1:], title="B", version=seen
        )
    assert Retrospective.objects.get(pk=retro.pk).status == "open"
    # A card posted meanwhile is no conflict: members do not bump the version.
    post(cast, retro, text="Encore une")
    services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="voting", version=other.version)


def test_grouping_and_ungrouping(cast):
    retro = open_one(cast)
    keep = [post(cast, retro, text=f"Garder {n}") for n in range(3)]
    stop = post(cast, retro, column="stop", text="Arrêter")
    with pytest.raises(ValidationError, match="one column"):
        services.group_create(
            actor=cast.facilitator, retrospective=retro, column="keep", cards=[keep[0], stop], title="X", version=None
        )
    with pytest.raises(ValidationError, match="at least two"):
        services.group_create(
            actor=cast.facilitator, retrospective=retro, column="keep", cards=[keep[0]], title="X", version=None
        )
    with pytest.raises(ValidationError, match="title"):
        services.group_create(
            actor=cast.facilitator, retrospective=retro, column="keep", cards=keep[:2], title=" ", version=None
        )
    with pytest.raises(PermissionDenied):
        services.group_create(
            actor=cast.member, retrospective=retro, column="keep", cards=keep[:2], title="X", version=None
        )
    first = services.group_create(
        actor=cast.facilitator, retrospective=retro, column="keep", cards=keep[:2], title="X", version=None
    )
    # Regrouping moves cards; a group left with no card goes.
    second = services.group_create(
        actor=cast.facilitator, retrospective=retro, column="keep", cards=keep, title="Y", version=None
    )
    assert not CardGroup.objects.filter(pk=first.pk).exists()
    services.group_dissolve(actor=cast.facilitator, group=second, version=retro.version)
    assert not CardGroup.objects.exists() and not Card.objects.filter(group__isnull=False).exists()


def test_authors_edit_and_delete_their_own_cards_while_open(cast):
    retro = open_one(cast)
    card = post(cast, retro)
    services.card_update(actor=cast.member, card=card, text="Les rencontres", column="more")
    assert Card.objects.get(pk=card.pk).column == "more"
    with pytest.raises(PermissionDenied):
        services.card_update(actor=cast.observer, card=card, text="Pas à moi", column="keep")
    with pytest.raises(PermissionDenied):
        services.card_delete(actor=cast.observer, card=card)
    other = post(cast, retro, actor=cast.observer, text="Une autre")
    services.card_delete(actor=cast.facilitator, card=other)  # the facilitator moderates
    services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="voting", version=None)
    card = Card.objects.select_related("retrospective__community").get(pk=card.pk)
    with pytest.raises(ValidationError, match="moved on"):
        services.card_update(actor=cast.member, card=card, text="Trop tard", column="keep")
    with pytest.raises(ValidationError, match="moved on"):
        services.card_delete(actor=cast.member, card=card)


def test_a_member_who_left_keeps_their_cards_not_their_votes(cast):
    retro = open_one(cast)
    card = post(cast, retro, actor=cast.observer, text="Les visites")
    services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="voting", version=None)
    services.vote_cast(actor=cast.observer, retrospective=retro, card=card)
    services.vote_cast(actor=cast.member, retrospective=retro, card=card)
    assert results(cast, retro)["keep"] == [("Les visites", 2)]
    Membership.objects.filter(community=cast.community, user=cast.observer).update(status=Membership.Status.LEFT)
    assert results(cast, retro)["keep"] == [("Les visites", 1)]
    services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="done", version=None)
    assert Vote.objects.filter(voter=cast.observer).count() == 0
    # After the end, the results stay as they were, whoever leaves.
    Membership.objects.filter(community=cast.community, user=cast.member).update(status=Membership.Status.LEFT)
    assert results(cast, retro)["keep"] == [("Les visites", 1)]
    assert Card.objects.get(pk=card.pk).author == cast.observer


def test_live_mode_cards_for_the_room_and_counts_by_hand(cast):
    retro = open_one(cast)
    room = services.card_post_for_room(actor=cast.facilitator, retrospective=retro, column="add", text="Un podcast")
    named = services.card_post_for_room(
        actor=cast.facilitator,
        retrospective=retro,
        column="add",
        text="Un voyage d'étude",
        author=cast.membership(cast.member),
    )
    assert room.author is None and named.author == cast.member
    with pytest.raises(PermissionDenied):
        services.card_post_for_room(actor=cast.member, retrospective=retro, column="add", text="Moi")
    with pytest.raises(ValidationError):
        services.hand_votes_set(
            actor=cast.facilitator, retrospective=retro, cards={room.pk: 3}, groups={}, version=None
        )
    services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="voting", version=None)
    services.vote_cast(actor=cast.member, retrospective=retro, card=named)
    services.hand_votes_set(
        actor=cast.facilitator, retrospective=retro, cards={room.pk: 4, named.pk: 2}, groups={}, version=retro.version
    )
    with pytest.raises(ValidationError, match="whole number"):
        services.hand_votes_set(
            actor=cast.facilitator, retrospective=retro, cards={room.pk: -1}, groups={}, version=None
        )
    assert results(cast, retro)["add"] == [("Un podcast", 4), ("Un voyage d'étude", 3)]
    services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="done", version=None)
    assert results(cast, retro)["add"] == [("Un podcast", 4), ("Un voyage d'étude", 3)]


def test_who_may_open_take_part_and_see(cast):
    with pytest.raises(PermissionDenied):
        open_one(cast, actor=cast.member)
    core = open_one(cast, actor=cast.core_member, visibility=Visibility.CORE_TEAM)
    with pytest.raises(Http404):
        post(cast, core)
    with pytest.raises((PermissionDenied, Http404)):
        post(cast, open_one(cast), actor=cast.outsider)
    with pytest.raises(PermissionDenied):  # the platform admin holds no membership
        post(cast, open_one(cast), actor=cast.admin)
    with pytest.raises(ValidationError):
        open_one(cast, votes_per_member=0)


def test_a_closed_community_refuses_every_write(cast):
    retro = open_one(cast)
    card = post(cast, retro)
    other = post(cast, retro, text="Autre")
    cast.community.phase = Phase.CLOSED
    cast.community.save(update_fields=["phase"])
    retro = Retrospective.objects.select_related("community").get(pk=retro.pk)
    card = Card.objects.select_related("retrospective__community").get(pk=card.pk)
    for attempt in (
        lambda: open_one(cast),
        lambda: post(cast, retro),
        lambda: services.card_post_for_room(actor=cast.facilitator, retrospective=retro, column="add", text="X"),
        lambda: services.card_update(actor=cast.member, card=card, text="X", column="keep"),
        lambda: services.card_delete(actor=cast.member, card=card),
        lambda: services.group_create(
            actor=cast.facilitator, retrospective=retro, column="keep", cards=[card, other], title="X", version=None
        ),
        lambda: services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="voting", version=None),
        lambda: services.vote_cast(actor=cast.member, retrospective=retro, card=card),
        lambda: services.record_save(actor=cast.facilitator, retrospective=retro, record="X", version=None),
    ):
        with pytest.raises(PermissionDenied, match="closed"):
            attempt()
    assert Card.objects.count() == 2 and not CardGroup.objects.exists()


def test_the_record_is_announced_in_the_feed_once(cast):
    from terreau.exchanges.models import FeedItem, Verb

    retro = open_one(cast, title="Bilan de la programmation")
    post(cast, retro)
    retro = services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="voting", version=retro.version)
    retro = services.retrospective_move(actor=cast.facilitator, retrospective=retro, to="done", version=retro.version)
    retro = services.record_save(actor=cast.facilitator, retrospective=retro, record="Garder.", version=retro.version)
    services.record_save(actor=cast.facilitator, retrospective=retro, record="Garder, dit.", version=retro.version)
    lines = FeedItem.objects.filter(community=cast.community, verb=Verb.RETROSPECTIVE_RECORDED)
    assert [line.params["title"] for line in lines] == ["Bilan de la programmation"]
    assert lines.get().url == retro.get_absolute_url()
