import json
from datetime import date, timedelta

from django.utils import timezone

from terreau.archive.sections.circles import SECTION as CIRCLES
from terreau.archive.sections.decisions import SECTION
from terreau.circles.tests.factories import make_circle
from terreau.communities.models import Theme
from terreau.core.models import Visibility
from terreau.decisions.models import Proposal, ProposalRevision, ProposalStep, Question, Response, State, Tension

from .fakes import assert_same, export, export_queries, render, round_trip


def decision(cast, circle, title, *, state=State.ADOPTED, visibility=Visibility.MEMBERS, tension=None):
    community = cast.community
    proposal = Proposal.objects.create(
        community=community,
        circle=circle,
        title=title,
        text=f"Texte de « {title} ».",
        proposer=cast.member,
        deadline=timezone.now() + timedelta(days=7),
        review_on=date(2027, 6, 1),
        visibility=visibility,
        state=state,
        decided_at=timezone.now(),
        tension=tension,
    )
    proposal.themes.set([Theme.objects.filter(community=community).first()])
    ProposalRevision.objects.create(proposal=proposal, number=1, title=title, text="Premier texte", author=cast.member)
    ProposalRevision.objects.create(
        proposal=proposal, number=2, title=title, text=proposal.text, note="Objection intégrée", author=cast.member
    )
    Question.objects.create(proposal=proposal, asker=cast.observer, text="Pourquoi ?", answer="Parce que.")
    Response.objects.create(
        proposal=proposal, membership=cast.membership(cast.facilitator), kind=Response.Kind.REACTION, text="Bien."
    )
    Response.objects.create(
        proposal=proposal,
        membership=cast.membership(cast.observer),
        kind=Response.Kind.OBJECTION,
        text="Cela coûte trop.",
        status=Response.Status.INTEGRATED,
        resolved_at=timezone.now(),
    )
    for kind in (ProposalStep.Kind.CREATED, ProposalStep.Kind.OBJECTED, ProposalStep.Kind.ADOPTED):
        ProposalStep.objects.create(proposal=proposal, kind=kind, actor=cast.member, at=timezone.now())
    return proposal


def decisions_of(cast):
    community = cast.community
    circle = make_circle(community, "Groupe Logistique", visibility=Visibility.PUBLIC)
    secret = make_circle(community, "Groupe CORE-ONLY", visibility=Visibility.CORE_TEAM)
    tension = Tension.objects.create(
        community=community, circle=circle, title="Tournées à vide", text="MEMBERS-ONLY tension", raised_by=cast.member
    )
    Tension.objects.create(
        community=community, circle=secret, title="CORE-ONLY tension", text="x", raised_by=cast.member
    )
    decision(cast, circle, "Décision publique", visibility=Visibility.PUBLIC, tension=tension)
    decision(cast, circle, "Décision MEMBERS-ONLY")
    decision(cast, circle, "Décision CORE-ONLY", visibility=Visibility.CORE_TEAM)
    decision(cast, circle, "Retirée MEMBERS-ONLY", state=State.WITHDRAWN, visibility=Visibility.PUBLIC)
    decision(cast, circle, "En cours", state=State.OBJECTIONS, visibility=Visibility.PUBLIC)


def test_decisions_export_every_step_and_round(cast):
    decisions_of(cast)
    records = export([SECTION], cast.community)[0]["decisions"]
    titles = [record["title"] for record in records]
    assert titles == ["Tournées à vide", "Décision publique", "Décision MEMBERS-ONLY", "Retirée MEMBERS-ONLY"]
    adopted = records[1]
    assert adopted["tension"] == records[0]["id"]
    assert [r["number"] for r in adopted["revisions"]] == [1, 2]
    assert [s["step"] for s in adopted["steps"]] == ["created", "objected", "adopted"]
    assert adopted["responses"][1]["status"] == "integrated"
    assert adopted["themes"] == ["logistique"] or adopted["themes"]
    assert len(adopted["participants"]) == 2
    assert "CORE-ONLY" not in json.dumps(records)


def test_public_decisions_are_the_adopted_public_ones(public_cast):
    decisions_of(public_cast)
    records, _ctx = export([SECTION], public_cast.community, "public")
    assert [record["title"] for record in records["decisions"]] == ["Décision publique"]
    text = json.dumps(records)
    assert "MEMBERS-ONLY" not in text and "CORE-ONLY" not in text
    assert records["decisions"][0]["tension"] is None and records["decisions"][0]["participants"] == []


def test_decisions_come_back_the_same(cast):
    decisions_of(cast)
    records, again, target = round_trip([CIRCLES, SECTION], cast.community, cast.admin)
    assert_same(records, again)
    assert Proposal.objects.filter(community=target).count() == 3


def test_decisions_export_in_flat_queries(cast):
    circle = make_circle(cast.community, "Groupe")
    for n in range(10):
        decision(cast, circle, f"Décision {n}")
    few = export_queries(SECTION, cast.community)
    for n in range(10, 100):
        decision(cast, circle, f"Décision {n}")
    assert export_queries(SECTION, cast.community) == few


def test_decisions_pages_and_markdown_render(cast):
    decisions_of(cast)
    records, ctx = export([SECTION], cast.community)
    assert records["decisions"]
    html = render(SECTION, records["decisions"], ctx.people)
    assert records["decisions"][0]["title"] in html
