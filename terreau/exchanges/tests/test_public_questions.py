"""What is public reads without an account: a public community's public questions and their answers."""

import pytest
from django.urls import reverse

from terreau.core.models import Visibility
from terreau.exchanges import services
from terreau.exchanges.models import Answer

pytestmark = pytest.mark.django_db


def u(name, cast, *args):
    return reverse(f"exchanges:{name}", args=[cast.community.slug, *args])


def ask(cast, title, visibility, answer="Entre 15 et 20 euros."):
    question = services.question_ask(
        actor=cast.member, community=cast.community, title=title, body="Le détail.", visibility=visibility
    )
    services.answer_post(actor=cast.observer, question=question, body=answer)
    return question


def test_a_visitor_reads_the_public_questions_of_a_public_community(client, public_cast):
    public = ask(public_cast, "Quel prix pour un panier ?", Visibility.PUBLIC)
    ask(public_cast, "Notre fournisseur de caisses ?", Visibility.MEMBERS, answer="Celui de Ciney.")

    listing = client.get(u("questions", public_cast))
    assert listing.status_code == 200
    assert "Quel prix pour un panier ?" in listing.text
    assert "Notre fournisseur de caisses ?" not in listing.text
    assert "Ask a question" not in listing.text
    assert reverse("exchanges:feed", args=[public_cast.community.slug]) not in listing.text  # members' pages

    page = client.get(public.get_absolute_url())
    assert page.status_code == 200
    assert "Entre 15 et 20 euros." in page.text
    assert "Post the answer" not in page.text and 'name="body"' not in page.text
    assert "Only the members of" in page.text and f'href="{public_cast.community.get_absolute_url()}"' in page.text


def test_a_visitor_is_sent_to_sign_in_for_a_members_question(client, public_cast):
    private = ask(public_cast, "Notre fournisseur de caisses ?", Visibility.MEMBERS)
    response = client.get(private.get_absolute_url())
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_signed_in_outsider_reads_the_public_questions_but_not_the_others(client, public_cast):
    public = ask(public_cast, "Quel prix pour un panier ?", Visibility.PUBLIC)
    private = ask(public_cast, "Notre fournisseur de caisses ?", Visibility.MEMBERS)
    client.force_login(public_cast.outsider)
    assert client.get(public.get_absolute_url()).status_code == 200
    assert client.get(private.get_absolute_url()).status_code == 404


def test_a_private_communitys_questions_stay_behind_the_sign_in_even_public_ones(client, cast):
    public = ask(cast, "Quel prix pour un panier ?", Visibility.PUBLIC)
    for path in (u("questions", cast), public.get_absolute_url()):
        response = client.get(path)
        assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(cast.outsider)
    assert client.get(u("questions", cast)).status_code == 404


def test_answering_still_takes_a_membership(client, public_cast):
    public = ask(public_cast, "Quel prix pour un panier ?", Visibility.PUBLIC)
    before = Answer.objects.count()
    response = client.post(public.get_absolute_url(), {"body": "Je passe par là."})
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(public_cast.outsider)
    assert client.post(public.get_absolute_url(), {"body": "Je passe par là."}).status_code in {403, 404}
    assert client.get(u("question_create", public_cast)).status_code in {403, 404}
    assert Answer.objects.count() == before


def test_a_visitor_finds_the_public_questions_in_the_communitys_tabs(client, public_cast, cast):
    questions = u("questions", public_cast)
    nav = client.get(public_cast.community.get_absolute_url()).text.split("</nav>")[:2]
    assert any(f'href="{questions}"' in part for part in nav)
    # on the questions page, that tab says it is the current one
    assert f'href="{questions}" aria-current="page"' in client.get(questions).text
    # a member has the exchanges tab instead; a private community shows visitors no questions
    client.force_login(public_cast.member)
    member_page = client.get(public_cast.community.get_absolute_url()).text
    assert f'href="{reverse("exchanges:feed", args=[public_cast.community.slug])}"' in member_page
    client.logout()
    assert f'href="{u("questions", cast)}"' not in client.get(cast.community.get_absolute_url()).text


def test_a_visitor_is_not_invited_to_ask_when_no_question_is_public(client, public_cast):
    ask(public_cast, "Notre fournisseur de caisses ?", Visibility.MEMBERS)
    listing = client.get(u("questions", public_cast)).text
    assert "No question is public yet" in listing and "Ask the first one" not in listing
