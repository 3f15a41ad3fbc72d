import json

from django.utils import timezone

from terreau.archive.sections.retrospectives import SECTION
from terreau.core.models import Visibility
from terreau.retrospectives.models import Card, CardGroup, Column, Retrospective, Vote

from .fakes import assert_same, export, export_queries, render, round_trip


def retrospective(cast, title="Si c'était à refaire", visibility=Visibility.MEMBERS):
    found = Retrospective.objects.create(
        community=cast.community,
        title=title,
        status=Retrospective.Status.DONE,
        visibility=visibility,
        record="## Ce que nous gardons\n\nLa rencontre mensuelle.",
        created_by=cast.facilitator,
        ended_at=timezone.now(),
    )
    group = CardGroup.objects.create(retrospective=found, column=Column.KEEP, title="Les rencontres")
    first = Card.objects.create(
        retrospective=found, column=Column.KEEP, text="Le mardi soir", group=group, author=cast.member
    )
    Card.objects.create(retrospective=found, column=Column.KEEP, text="Les visites", group=group, author=cast.member)
    Card.objects.create(retrospective=found, column=Column.LESS, text="Moins de courriels", author=cast.observer)
    Vote.objects.create(retrospective=found, card=first, voter=cast.member)
    Vote.objects.create(retrospective=found, card=first, voter=cast.observer)
    Vote.objects.create(retrospective=found, group=group, voter=cast.facilitator)
    return found


def test_retrospectives_export_cards_groups_and_votes(cast):
    retrospective(cast)
    retrospective(cast, "Bilan CORE-ONLY", Visibility.CORE_TEAM)
    records, ctx = export([SECTION], cast.community)
    [record] = records["retrospectives"]
    assert record["groups"] == [{"number": 1, "column": "keep", "title": "Les rencontres", "votes": 1}]
    assert [(card["text"], card["group"], card["votes"]) for card in record["cards"]] == [
        ("Le mardi soir", 1, 2),
        ("Les visites", 1, 0),
        ("Moins de courriels", None, 0),
    ]
    assert "CORE-ONLY" not in json.dumps(records)
    # Cards are kept without their authors.
    assert list(ctx.people) == [f"person:{cast.facilitator.pk}"]


def test_the_public_archive_holds_the_public_retrospectives_only(public_cast):
    """As on the site: a visitor reads a public community's public retrospectives, no other."""
    retrospective(public_cast, visibility=Visibility.PUBLIC)
    retrospective(public_cast, visibility=Visibility.MEMBERS)
    records = export([SECTION], public_cast.community, "public")[0]["retrospectives"]
    assert [record["visibility"] for record in records] == [Visibility.PUBLIC]


def test_retrospectives_come_back_the_same(cast):
    retrospective(cast)
    records, again, target = round_trip([SECTION], cast.community, cast.admin)
    assert_same(records, again)
    assert Retrospective.objects.get(community=target).record == "## Ce que nous gardons\n\nLa rencontre mensuelle."


def test_retrospectives_export_in_flat_queries(cast):
    for n in range(10):
        retrospective(cast, f"Rétro {n}")
    few = export_queries(SECTION, cast.community)
    for n in range(10, 100):
        retrospective(cast, f"Rétro {n}")
    assert export_queries(SECTION, cast.community) == few


def test_retrospectives_pages_and_markdown_render(cast):
    retrospective(cast)
    records, ctx = export([SECTION], cast.community)
    assert records["retrospectives"]
    html = render(SECTION, records["retrospectives"], ctx.people)
    assert records["retrospectives"][0]["title"] in html
