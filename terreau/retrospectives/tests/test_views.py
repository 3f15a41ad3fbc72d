"""The retrospective's pages: opening one, the board's forms (cards, groups, votes, moves), the
record, the live page, a stale board (409), a closed community, and flat query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from terreau.communities.models import Phase
from terreau.retrospectives import services
from terreau.retrospectives.models import Card, CardGroup, Column, Retrospective, Vote

pytestmark = pytest.mark.django_db


def _url(name, cast, *args):
    return reverse(f"retrospectives:{name}", args=[cast.community.slug, *args])


@pytest.fixture
def retro(cast):
    return services.retrospective_open(actor=cast.facilitator, community=cast.community, title="Si c'était à refaire")


def test_a_facilitator_opens_one_from_the_form(client, cast):
    client.force_login(cast.member)
    assert client.get(_url("create", cast)).status_code == 403
    client.force_login(cast.facilitator)
    page = client.get(_url("create", cast)).content.decode()
    assert "If we had to do it again" in page
    response = client.post(_url("create", cast), {"title": "", "visibility": "members", "votes_per_member": "5"})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(_url("create", cast), {"title": "Bilan", "visibility": "members", "votes_per_member": "99"})
    assert response.status_code == 200 and not Retrospective.objects.exists()
    response = client.post(_url("create", cast), {"title": "Bilan", "visibility": "members", "votes_per_member": "3"})
    retro = Retrospective.objects.get()
    assert response.status_code == 302 and response.url == retro.get_absolute_url()
    assert retro.votes_per_member == 3 and retro.created_by == cast.facilitator


def test_the_board_shows_the_five_columns_with_the_guides_questions(client, cast, retro):
    client.force_login(cast.member)
    page = client.get(retro.get_absolute_url()).content.decode()
    for column in Column.values:
        assert f'<section class="retro-column retro-column-{column}" id="column-{column}"' in page
    for question in ("What would we keep?", "What would we stop doing?", "What would we do less of?"):
        assert question in page
    assert page.count('action="' + _url("card_post", cast, retro.pk)) == 5
    assert _url("live", cast, retro.pk) not in page  # not for a member


def test_a_member_posts_edits_and_deletes_a_card(client, cast, retro):
    client.force_login(cast.member)
    response = client.post(_url("card_post", cast, retro.pk), {"column": "stop", "text": "   "})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    response = client.post(_url("card_post", cast, retro.pk), {"column": "stop", "text": "Les réunions trop longues"})
    card = Card.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#card-{card.pk}")
    assert card.column == "stop" and card.author == cast.member
    assert client.get(_url("card_edit", cast, retro.pk, card.pk)).status_code == 200
    client.post(_url("card_edit", cast, retro.pk, card.pk), {"column": "less", "text": "Moins de réunions"})
    assert Card.objects.get().column == "less"
    client.force_login(cast.observer)
    assert client.get(_url("card_edit", cast, retro.pk, card.pk)).status_code == 403
    assert client.post(_url("card_delete", cast, retro.pk, card.pk)).status_code == 403
    client.force_login(cast.member)
    assert client.post(_url("card_delete", cast, retro.pk, card.pk)).status_code == 302
    assert not Card.objects.exists()


def test_grouping_from_the_board_and_a_stale_board_answers_409(client, cast, retro):
    cards = [
        services.card_post(actor=cast.member, retrospective=retro, column="keep", text=f"Carte {n}") for n in range(3)
    ]
    client.force_login(cast.facilitator)
    page = client.get(retro.get_absolute_url()).content.decode()
    assert "Group cards" in page
    data = {"column": "keep", "title": "Se voir", "cards": [cards[0].pk, cards[1].pk], "version": retro.version}
    response = client.post(_url("group_create", cast, retro.pk), data)
    group = CardGroup.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"#group-{group.pk}")
    # The same form sent again: the board changed since, the facilitator is told.
    response = client.post(_url("group_create", cast, retro.pk), {**data, "title": "Autre"})
    assert response.status_code == 409 and "Another facilitator changed this retrospective" in response.content.decode()
    response = client.post(_url("move", cast, retro.pk), {"to": "voting", "version": data["version"]})
    assert response.status_code == 409 and Retrospective.objects.get().status == "open"
    # A group of one card is refused with the form open again.
    response = client.post(
        _url("group_create", cast, retro.pk),
        {"column": "keep", "title": "Seule", "cards": [cards[2].pk], "version": retro.version + 1},
    )
    assert response.status_code == 200 and "at least two cards" in response.content.decode()
    response = client.post(_url("group_dissolve", cast, retro.pk, group.pk), {"version": retro.version + 1})
    assert response.status_code == 302 and not CardGroup.objects.exists()


def test_votes_then_the_end_then_the_record(client, cast, retro):
    card = services.card_post(actor=cast.member, retrospective=retro, column="add", text="Un voyage d'étude")
    other = services.card_post(actor=cast.observer, retrospective=retro, column="add", text="Un podcast")
    client.force_login(cast.facilitator)
    response = client.post(_url("move", cast, retro.pk), {"to": "done", "version": retro.version})
    assert response.status_code == 200 and "It goes from the cards to the vote" in response.content.decode()
    assert client.post(_url("move", cast, retro.pk), {"to": "voting", "version": retro.version}).status_code == 302

    client.force_login(cast.member)
    response = client.post(_url("card_post", cast, retro.pk), {"column": "add", "text": "Trop tard"}, follow=True)
    assert "Cards are posted while the retrospective is open for cards" in response.content.decode()
    page = client.get(retro.get_absolute_url()).content.decode()
    assert "You have 5 votes left." in page
    for _n in range(2):
        client.post(_url("vote", cast, retro.pk), {"target": f"card-{card.pk}", "action": "add"})
    client.post(_url("vote", cast, retro.pk), {"target": f"card-{other.pk}", "action": "add"})
    client.post(_url("vote", cast, retro.pk), {"target": f"card-{other.pk}", "action": "take_back"})
    assert Vote.objects.filter(card=card).count() == 2 and not Vote.objects.filter(card=other).exists()
    page = client.get(retro.get_absolute_url()).content.decode()
    assert "You have 3 votes left." in page and "Your votes: 2" in page

    client.force_login(cast.facilitator)
    retro.refresh_from_db()
    response = client.post(_url("move", cast, retro.pk), {"to": "done", "version": retro.version})
    assert response.status_code == 302 and response.url == _url("record", cast, retro.pk)
    form = client.get(response.url).content.decode()
    assert "**Un voyage d&#x27;étude** (2 votes)" in form
    retro.refresh_from_db()
    response = client.post(
        _url("record", cast, retro.pk), {"record": "## Ajouter\n\n- Un voyage d'étude", "version": retro.version}
    )
    assert response.status_code == 302
    response = client.post(_url("record", cast, retro.pk), {"record": "Autre", "version": retro.version})
    assert response.status_code == 409  # a stale version
    client.force_login(cast.observer)
    page = client.get(retro.get_absolute_url()).content.decode()
    assert "<h2>Ajouter</h2>" in page and page.index("Un voyage d&#x27;étude") < page.index("Un podcast")
    assert "<h2>Ajouter</h2>" in client.get(_url("list", cast)).content.decode()


def test_live_mode_cards_for_the_room_and_counts(client, cast, retro):
    client.force_login(cast.facilitator)
    page = client.get(_url("live", cast, retro.pk)).content.decode()
    assert "A card from the room" in page
    response = client.post(_url("live_card", cast, retro.pk), {"column": "keep", "text": "Les pauses café"})
    assert response.status_code == 302 and Card.objects.get().author is None
    response = client.post(
        _url("live_card", cast, retro.pk), {"column": "more", "text": "Des visites", "author_member": "Julie Martin"}
    )
    assert response.status_code == 302 and Card.objects.get(text="Des visites").author == cast.member
    response = client.post(
        _url("live_card", cast, retro.pk), {"column": "more", "text": "Personne", "author_member": "Zorglub"}
    )
    assert response.status_code == 200 and "Personne" in response.content.decode()
    retro.refresh_from_db()
    client.post(_url("move", cast, retro.pk), {"to": "voting", "version": retro.version, "live": "1"})
    retro.refresh_from_db()
    first, second = Card.objects.order_by("pk")
    page = client.get(_url("live", cast, retro.pk)).content.decode()
    assert f'name="count-card-{first.pk}"' in page
    response = client.post(
        _url("live_counts", cast, retro.pk),
        {f"count-card-{first.pk}": "7", f"count-card-{second.pk}": "x", "version": retro.version},
    )
    assert response.status_code == 200 and "whole number" in response.content.decode()
    response = client.post(
        _url("live_counts", cast, retro.pk),
        {f"count-card-{first.pk}": "7", f"count-card-{second.pk}": "2", "version": retro.version},
    )
    assert response.status_code == 302
    assert list(Card.objects.order_by("pk").values_list("hand_votes", flat=True)) == [7, 2]


def test_a_closed_community_refuses_writes_with_its_message(client, cast, retro):
    card = services.card_post(actor=cast.member, retrospective=retro, column="keep", text="Les rencontres")
    cast.community.phase = Phase.CLOSED
    cast.community.save(update_fields=["phase"])
    client.force_login(cast.member)
    page = client.get(retro.get_absolute_url()).content.decode()
    assert "This community is closed" in page and _url("card_post", cast, retro.pk) not in page
    for response in (
        client.post(_url("card_post", cast, retro.pk), {"column": "keep", "text": "Encore"}),
        client.get(_url("card_edit", cast, retro.pk, card.pk)),
        client.post(_url("card_delete", cast, retro.pk, card.pk)),
    ):
        assert response.status_code == 403 and "This community is closed" in response.content.decode()
    client.force_login(cast.facilitator)
    response = client.post(_url("move", cast, retro.pk), {"to": "voting"})
    assert response.status_code == 403
    assert Card.objects.count() == 1 and Retrospective.objects.get().status == "open"


def _fill(cast, retro, count):
    people = [cast.member, cast.observer, cast.facilitator, cast.core_member]
    Card.objects.bulk_create(
        Card(retrospective=retro, column=Column.values[n % 5], text=f"Carte {n}", author=people[n % 4])
        for n in range(count)
    )
    cards = list(Card.objects.filter(retrospective=retro).order_by("pk"))
    for start in range(0, count, 10):
        group = CardGroup.objects.create(retrospective=retro, column=cards[start].column, title=f"Groupe {start}")
        Card.objects.filter(pk__in=[cards[start].pk, cards[start + 5].pk]).update(group=group)
        Vote.objects.create(retrospective=retro, group=group, voter=people[start % 4])
        Vote.objects.create(retrospective=retro, card=cards[start + 1], voter=people[start % 4])


@pytest.mark.parametrize("status", ["open", "voting", "done"])
def test_the_board_asks_as_many_queries_for_300_cards_as_for_30(client, cast, status):
    counts = []
    for size in (30, 300):
        retro = services.retrospective_open(actor=cast.facilitator, community=cast.community, title=f"R{size}")
        _fill(cast, retro, size)
        Retrospective.objects.filter(pk=retro.pk).update(status=status)
        client.force_login(cast.facilitator)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(retro.get_absolute_url())
        assert response.status_code == 200 and f"Carte {size - 1}" in response.content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_list_asks_a_few_queries(client, cast, django_assert_max_num_queries):
    for n in range(25):
        services.retrospective_open(actor=cast.facilitator, community=cast.community, title=f"R{n}")
    client.force_login(cast.member)
    with django_assert_max_num_queries(20):
        assert client.get(_url("list", cast)).status_code == 200


def test_the_tab_is_the_members(client, cast, public_cast):
    client.force_login(cast.observer)
    page = client.get(reverse("communities:members", args=[cast.community.slug])).content.decode()
    assert f'href="{_url("list", cast)}"' in page
    client.logout()
    page = client.get(reverse("retrospectives:list", args=[public_cast.community.slug])).content.decode()
    assert 'href="/c/mobilite/retrospectives/"' not in page.split("<main", 1)[0]  # no tab for a visitor
