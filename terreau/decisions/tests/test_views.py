"""The pages of decisions: the log (filters, pages, query count), a proposal's page, the live mode, tensions."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from terreau.communities.models import Membership
from terreau.decisions import services
from terreau.decisions.models import Proposal, ProposalStep, Response, State, Tension

from .helpers import proposal, run_to_adoption, working_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def circle(cast):
    return working_group(cast.community, cast.member, cast.facilitator, cast.observer)


def log_url(cast, query=""):
    return reverse("decisions:log", args=[cast.community.slug]) + query


def _many_adopted(cast, circle, count):
    """`count` adopted decisions with their participants' responses, written in bulk."""
    members = list(Membership.objects.filter(community=cast.community, circle_memberships__circle=circle))
    now = timezone.now()
    found = Proposal.objects.bulk_create(
        Proposal(
            community=cast.community,
            circle=circle,
            title=f"Décision {n}",
            text="Texte.",
            proposer=cast.member,
            deadline=now,
            state=State.ADOPTED,
            decided_at=now - timedelta(hours=n),
            visibility="members",
        )
        for n in range(count)
    )
    Response.objects.bulk_create(
        Response(proposal=decision, membership=member, kind="consent") for decision in found for member in members
    )
    theme = cast.community.themes.first()
    for decision in found:
        decision.themes.add(theme)


def _log_queries(client, cast) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(log_url(cast))
    assert response.status_code == 200
    assert "Julie Martin" in response.text  # who took part
    return len(queries)


def test_the_log_costs_the_same_queries_at_5_and_200_decisions(client, cast, circle):
    _many_adopted(cast, circle, 5)
    client.force_login(cast.member)
    client.get(log_url(cast))  # warm the session
    few = _log_queries(client, cast)
    _many_adopted(cast, circle, 195)
    assert _log_queries(client, cast) == few
    # Filtered by circle and theme, still flat.
    theme = cast.community.themes.first()
    with CaptureQueriesContext(connection) as queries:
        client.get(log_url(cast, f"?circle={circle.pk}&theme={theme.pk}"))
    assert len(queries) <= few + 2  # the two filters' choices are looked up


def test_the_log_filters_by_circle_and_theme_and_paginates(client, cast, circle):
    _many_adopted(cast, circle, 25)
    other = working_group(cast.community, cast.member, name="Cantines")
    run_to_adoption(proposal(cast, circle=other, proposer=cast.member, title="Menus locaux"))
    client.force_login(cast.member)
    page = client.get(log_url(cast)).text
    assert "Menus locaux" in page and "Page 1 of 2" in page
    filtered = client.get(log_url(cast, f"?circle={other.pk}")).text
    assert "Menus locaux" in filtered and "Décision 1<" not in filtered
    theme = cast.community.themes.first()
    by_theme = client.get(log_url(cast, f"?theme={theme.pk}")).text
    assert "Menus locaux" not in by_theme and "Décision 0" in by_theme


def test_a_public_decision_of_a_public_community_is_read_by_visitors(client, public_cast):
    circle = working_group(public_cast.community, public_cast.member)
    found = run_to_adoption(proposal(public_cast, circle=circle, proposer=public_cast.member, visibility="public"))
    hidden = run_to_adoption(proposal(public_cast, circle=circle, proposer=public_cast.member, title="Entre nous"))
    page = client.get(reverse("decisions:log", args=[public_cast.community.slug])).text
    assert found.title in page and hidden.title not in page
    assert client.get(found.get_absolute_url()).status_code == 200
    assert client.get(hidden.get_absolute_url()).status_code == 302  # sign in first


def test_the_csv_export_lists_the_readable_decisions(client, cast, circle):
    run_to_adoption(proposal(cast, circle=circle, proposer=cast.member, title="Camion partagé"))
    client.force_login(cast.member)
    response = client.get(reverse("decisions:log_csv", args=[cast.community.slug]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "Camion partagé" in text and "Julie Martin" in text


def test_the_proposal_page_shows_the_round_who_is_missing_and_the_timeline(client, cast, circle):
    found = proposal(cast, circle=circle, proposer=cast.member)
    found = services.reactions_open(proposal=found, actor=cast.member)
    services.respond(proposal=found, actor=cast.facilitator, kind="reaction", text="Très utile pour nous.")
    client.force_login(cast.observer)
    page = client.get(found.get_absolute_url()).text
    assert "Très utile pour nous." in page
    assert "Waiting for:" in page and "Thomas Leroy" in page
    assert "Give my reaction" in page
    assert "Round of reactions opened" in page  # the timeline


def test_a_participant_reacts_then_consents_from_the_page(client, cast, circle):
    found = proposal(cast, circle=circle, proposer=cast.member)
    found = services.reactions_open(proposal=found, actor=cast.member)
    client.force_login(cast.observer)
    respond = reverse("decisions:respond", args=[cast.community.slug, found.pk])
    client.post(respond, {"kind": "reaction", "text": "Oui, mais l'assurance ?"})
    assert Response.objects.get(kind="reaction").text == "Oui, mais l'assurance ?"
    again = client.post(respond, {"kind": "reaction", "text": "Encore"}, follow=True)
    assert "already said their word" in again.text


def test_a_stale_button_says_someone_moved_it_on(client, cast, circle):
    found = proposal(cast, circle=circle, proposer=cast.member)
    client.force_login(cast.facilitator)
    step = reverse("decisions:step", args=[cast.community.slug, found.pk])
    client.post(step, {"action": "reactions", "version": found.version})
    response = client.post(step, {"action": "reactions", "version": found.version}, follow=True)
    assert "Someone moved this proposal on" in response.text
    assert ProposalStep.objects.filter(proposal=found, kind="reactions").count() == 1


def test_the_live_mode_writes_down_each_say(client, cast, circle):
    found = proposal(cast, circle=circle, proposer=cast.member)
    found = services.reactions_open(proposal=found, actor=cast.member)
    client.force_login(cast.facilitator)
    live = reverse("decisions:live", args=[cast.community.slug, found.pk])
    assert "Reaction of Thomas Leroy" in client.get(live).text
    respond = reverse("decisions:respond", args=[cast.community.slug, found.pk])
    for user in (cast.member, cast.facilitator, cast.observer):
        membership = Membership.objects.get(community=cast.community, user=user)
        response = client.post(
            respond, {"kind": "reaction", "text": "Dit.", "membership": membership.pk, "next": "live"}
        )
        assert response["Location"] == live
    assert Proposal.objects.get(pk=found.pk).state == State.AMENDMENT
    client.force_login(cast.member)
    assert client.get(live).status_code == 403


def test_amending_keeps_what_was_typed_on_an_error(client, cast, circle):
    found = proposal(cast, circle=circle, proposer=cast.member)
    found = services.round_close(proposal=services.reactions_open(proposal=found, actor=cast.member), actor=cast.member)
    client.force_login(cast.member)
    amend = reverse("decisions:amend", args=[cast.community.slug, found.pk])
    response = client.post(amend, {"title": "", "text": "Mon nouveau texte", "version": found.version})
    assert response.status_code == 200 and "Mon nouveau texte" in response.text
    client.post(amend, {"title": "Camion", "text": "Mon nouveau texte", "version": found.version})
    assert Proposal.objects.get(pk=found.pk).state == State.OBJECTIONS


def test_a_tension_is_raised_then_turned_into_a_prefilled_proposal(client, cast, circle):
    client.force_login(cast.observer)
    client.post(
        reverse("decisions:tension_create", args=[cast.community.slug]),
        {"title": "Le camion roule à vide", "text": "Trois tournées par semaine à moitié vides.", "circle": circle.pk},
    )
    tension = Tension.objects.get()
    assert "Le camion roule à vide" in client.get(reverse("decisions:tensions", args=[cast.community.slug])).text
    form = client.get(reverse("decisions:proposal_create", args=[cast.community.slug]) + f"?tension={tension.pk}")
    assert "Trois tournées par semaine" in form.text
    response = client.post(
        reverse("decisions:proposal_create", args=[cast.community.slug]),
        {
            "tension": tension.pk,
            "title": "Tournées mutualisées",
            "text": "Regrouper les tournées.",
            "circle": circle.pk,
            "deadline": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "visibility": "members",
            "open": "1",
        },
    )
    created = Proposal.objects.get(title="Tournées mutualisées")
    assert response["Location"] == created.get_absolute_url()
    assert created.state == State.CLARIFYING and created.tension == tension
    assert Tension.objects.get().status == Tension.Status.PROPOSED


def test_the_proposer_moves_a_passed_deadline_and_the_round_goes_on(client, cast, circle):
    found = proposal(cast, circle=circle, proposer=cast.member)
    found = services.reactions_open(proposal=found, actor=cast.member)
    Proposal.objects.filter(pk=found.pk).update(deadline=timezone.now() - timedelta(hours=1))
    client.force_login(cast.observer)
    respond = reverse("decisions:respond", args=[cast.community.slug, found.pk])
    late = client.post(respond, {"kind": "reaction", "text": "En retard"}, follow=True)
    assert "The deadline of this proposal has passed" in late.text
    client.force_login(cast.member)
    found.refresh_from_db()
    day = (timezone.localdate() + timedelta(days=7)).isoformat()
    step = reverse("decisions:step", args=[cast.community.slug, found.pk])
    client.post(step, {"action": "deadline", "deadline": day, "version": found.version})
    assert Proposal.objects.get(pk=found.pk).deadline > timezone.now()
    assert ProposalStep.objects.filter(proposal=found, kind="deadline").exists()
    client.force_login(cast.observer)
    client.post(respond, {"kind": "reaction", "text": "À temps"})
    assert Response.objects.get(kind="reaction").text == "À temps"
