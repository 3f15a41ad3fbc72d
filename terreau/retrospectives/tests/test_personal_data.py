"""A person's cards and votes in their data export; erased, their cards stay with no author."""

import pytest

from terreau.core.models import Visibility
from terreau.retrospectives import personal_data, services
from terreau.retrospectives.models import Card, Vote

pytestmark = pytest.mark.django_db


def test_export_then_erase(cast):
    open_one = services.retrospective_open(actor=cast.facilitator, community=cast.community, title="Ouverte")
    card = services.card_post(actor=cast.member, retrospective=open_one, column="keep", text="Les visites")
    hidden = services.retrospective_open(
        actor=cast.core_member, community=cast.community, title="Noyau", visibility=Visibility.CORE_TEAM
    )
    services.card_post_for_room(
        actor=cast.core_member,
        retrospective=hidden,
        column="stop",
        text="Dite en réunion",
        author=cast.membership(cast.member),
    )
    services.retrospective_move(actor=cast.facilitator, retrospective=open_one, to="voting", version=None)
    services.vote_cast(actor=cast.member, retrospective=open_one, card=card)

    exported = personal_data.exporter(cast.member).data
    assert [row["text"] for row in exported["retrospective_cards"]] == ["Les visites"]  # not the core team's
    assert exported["retrospective_votes"] == [{"retrospective": open_one.pk, "title": "Ouverte", "votes": 1}]

    personal_data.eraser(cast.member, "Ancien membre")
    assert Card.objects.filter(author__isnull=True).count() == 2 and Card.objects.count() == 2
    assert not Vote.objects.exists()
