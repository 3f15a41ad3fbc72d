import json
from datetime import date

from terreau.archive.sections.transfer import SECTION
from terreau.core.models import Visibility
from terreau.knowledge.models import ContributorInterview, Handover, ItemStatus, ItemType, KnowledgeItem

from .fakes import assert_same, export, export_queries, knowledge_stub, render, round_trip


def item(cast, title, visibility=Visibility.MEMBERS, status=ItemStatus.PUBLISHED):
    return KnowledgeItem.objects.create(
        community=cast.community, type=ItemType.LESSONS_LEARNED, title=title, status=status, visibility=visibility
    )


def interview(cast, visibility=Visibility.MEMBERS, text="## Que retenir ?\n\nLa logistique."):
    found = ContributorInterview.objects.create(
        community=cast.community,
        interviewee=cast.membership(cast.member),
        interviewer=cast.membership(cast.facilitator),
        held_on=date(2026, 9, 1),
        questions_answers=text,
        visibility=visibility,
        created_by=cast.facilitator,
    )
    found.items.set([item(cast, "Leçon partagée"), item(cast, "Brouillon CORE-ONLY", status=ItemStatus.DRAFT)])
    return found


def transfer_of(cast):
    interview(cast)
    interview(cast, Visibility.CORE_TEAM, "CORE-ONLY")
    handover = Handover.objects.create(
        community=cast.community,
        title="Tournées mutualisées",
        held_on=date(2026, 10, 1),
        finishing_team="Groupe Logistique",
        starting_teams="Groupe Nord",
        questions="## Combien ?",
        answers="Peu.",
        visibility=Visibility.PUBLIC,
    )
    handover.lessons.set([item(cast, "Leçon publique", Visibility.PUBLIC), item(cast, "CORE-ONLY", "core_team")])


def test_transfer_export_interviews_and_handovers(cast):
    transfer_of(cast)
    records = export([SECTION], cast.community)[0]["transfer"]
    assert [record["kind"] for record in records] == ["transfer.interview", "transfer.handover"]
    assert records[0]["interviewee"] == f"person:{cast.member.pk}"
    assert len(records[0]["items"]) == 1 and len(records[1]["lessons"]) == 1
    assert "CORE-ONLY" not in json.dumps(records)


def test_nothing_of_the_transfer_in_the_public_archive(public_cast):
    transfer_of(public_cast)
    records, ctx = export([SECTION], public_cast.community, "public")
    assert records["transfer"] == [] and ctx.people == {}


def test_transfer_comes_back_the_same(cast):
    transfer_of(cast)
    records, again, target = round_trip([knowledge_stub(), SECTION], cast.community, cast.admin)
    assert_same(records, again)
    assert Handover.objects.get(community=target).lessons.get().title == "Leçon publique"


def test_transfer_export_in_flat_queries(cast):
    for _n in range(10):
        interview(cast)
    few = export_queries(SECTION, cast.community)
    for _n in range(90):
        interview(cast)
    assert export_queries(SECTION, cast.community) == few


def test_transfer_pages_and_markdown_render(cast):
    transfer_of(cast)
    records, ctx = export([SECTION], cast.community)
    assert records["transfer"]
    html = render(SECTION, records["transfer"], ctx.people)
    assert records["transfer"][0]["title"] in html
