"""Every paginated list links its pages through includes/pagination.html, keeping its filters."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from terreau.audit import services as audit
from terreau.calls.models import Application
from terreau.calls.tests.factories import apply, open_call
from terreau.exchanges import services as exchanges
from terreau.exchanges.models import HelpPost
from terreau.knowledge.models import ItemType
from terreau.knowledge.tests.helpers import make_item

pytestmark = pytest.mark.django_db


def _help(cast):
    for title in ("Un camion frigorifique", "Une salle", "Un stand"):
        exchanges.help_post_create(actor=cast.member, community=cast.community, kind="request", title=title)
    HelpPost.objects.filter(title="Une salle").update(status=HelpPost.Status.CLOSED)
    url = reverse("exchanges:help_list", args=[cast.community.slug])
    return cast.member, url, {"status": "open"}, lambda page: {post.status for post in page} == {"open"}


def _questions(cast):
    for title, theme in (
        ("Quel camion ?", "logistique"),
        ("Quel prix ?", "vente directe"),
        ("Quel dépôt ?", "logistique"),
    ):
        exchanges.question_ask(actor=cast.member, community=cast.community, title=title, themes=[theme])
    url = reverse("exchanges:questions", args=[cast.community.slug])
    return (
        cast.member,
        url,
        {"theme": "logistique"},
        lambda page: all([theme.name for theme in q.themes.all()] == ["logistique"] for q in page),
    )


def _feed(cast):
    for title in ("Quel camion ?", "Quel prix ?"):
        exchanges.question_ask(actor=cast.member, community=cast.community, title=title)
    exchanges.help_post_create(actor=cast.member, community=cast.community, kind="request", title="Un stand")
    url = reverse("exchanges:feed", args=[cast.community.slug])
    return cast.member, url, {"kind": "question"}, lambda page: {item.kind for item in page} == {"question"}


def _applications(cast):
    call = open_call(cast)
    for number in range(3):
        apply(call, email=f"personne{number}@exemple.be")
    Application.objects.filter(email="personne1@exemple.be").update(status=Application.Status.ACCEPTED)
    url = reverse("calls:applications", args=[cast.community.slug, call.pk])
    return cast.core_member, url, {"status": "new"}, lambda page: {a.status for a in page} == {"new"}


def _directory(cast):
    url = reverse("communities:members", args=[cast.community.slug])
    # Three of the four members work for a GAL; the observer does not.
    return cast.member, url, {"q": "GAL"}, lambda page: all("GAL" in m.user.organisation for m in page)


def _knowledge(cast):
    make_item(cast, title="Carte des points de vente")
    make_item(cast, title="Un témoignage", type=ItemType.ARTICLE)
    make_item(cast, title="Carte des dépôts")
    url = reverse("knowledge:home", args=[cast.community.slug])
    return cast.member, url, {"type": "good_practice"}, lambda page: {i.type for i in page} == {"good_practice"}


def _audit(cast):
    membership = cast.membership(cast.member)
    for action in ("core_team.added", "core_team.removed", "core_team.added"):
        audit.record(actor=cast.core_member, community=cast.community, action=action, target=membership)
    url = reverse("audit:log", args=[cast.community.slug])
    return (
        cast.core_member,
        url,
        {"action": "core_team.added"},
        lambda page: {e.action for e in page} == {"core_team.added"},
    )


LISTS = {
    "help": (_help, "terreau.exchanges.views.PAGE_SIZE", "page"),
    "questions": (_questions, "terreau.exchanges.views.PAGE_SIZE", "page"),
    "feed": (_feed, "terreau.exchanges.views.PAGE_SIZE", "page"),
    "applications": (_applications, "terreau.calls.views.PAGE_SIZE", "page"),
    "directory": (_directory, "terreau.communities.views.DIRECTORY_PAGE_SIZE", "members"),
    "knowledge": (_knowledge, "terreau.knowledge.views.PAGE_SIZE", "page"),
    "audit": (_audit, "terreau.audit.views.PAGE_SIZE", "entries"),
}


def _link(response, rel):
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', response.content.decode())
    return html.unescape(found.group(1)) if found else None


@pytest.mark.parametrize("name", LISTS)
def test_page_2_of_a_filtered_list_keeps_its_filter(client, cast, monkeypatch, name):
    build, page_size, key = LISTS[name]
    monkeypatch.setattr(page_size, 1)
    person, url, filters, filtered = build(cast)
    client.force_login(person)
    first = client.get(url, {**filters, "lang": "fr"})  # a parameter the list does not know is kept too
    assert first.status_code == 200
    following = _link(first, "next")
    assert parse_qs(urlsplit(following).query) == {
        **{k: [v] for k, v in filters.items()},
        "lang": ["fr"],
        "page": ["2"],
    }
    second = client.get(url + following)
    assert second.status_code == 200
    page = second.context[key]
    assert page.number == 2 and filtered(page)
    everything = client.get(url).context[key].paginator.count
    assert page.paginator.count == first.context[key].paginator.count < everything  # still filtered
    assert parse_qs(urlsplit(_link(second, "prev")).query)["page"] == ["1"]


def test_a_page_of_answers_leaves_the_answer_it_was_opened_for(client, cast, monkeypatch):
    monkeypatch.setattr("terreau.exchanges.views.PAGE_SIZE", 1)
    question = exchanges.question_ask(actor=cast.member, community=cast.community, title="Quel camion ?")
    answers = [exchanges.answer_post(actor=cast.observer, question=question, body=f"Réponse {n}") for n in range(3)]
    client.force_login(cast.member)
    response = client.get(question.get_absolute_url(), {"answer": answers[1].pk})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert _link(response, "next") == "?page=3#answers" and _link(response, "prev") == "?page=1#answers"
