"""What the fuzz test (tests/test_fuzz.py) found, each kept as the plain example that broke a page.

Every one of these was a server error (500) before its fix; the answer is now an ordinary one.
"""

from urllib.parse import quote

import pytest
from django.urls import Resolver404, resolve, reverse

from terreau.exchanges import services as exchanges_services
from terreau.exchanges.models import Notification
from terreau.knowledge.models import KnowledgeItem
from terreau.launch import services as launch_services
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db

TOO_LARGE = "99999999999999999999"  # past 64 bits: SQLite raises OverflowError on it


def c(name, cast, *args):
    return reverse(name, args=[cast.community.slug, *args])


@pytest.fixture
def question(cast):
    return exchanges_services.question_ask(actor=cast.member, community=cast.community, title="Quel prix ?")


@pytest.fixture
def action(cast):
    return launch_services.action_save(
        actor=cast.core_member, action=Action(community=cast.community, title="Cartographier"), owners=[]
    )


# Ids that are not ids ------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["question", "member"])
@pytest.mark.parametrize("value", ["abc", "\xff", TOO_LARGE, "1\x00"])
def test_following_something_that_cannot_exist_is_not_found(client, cast, field, value):
    client.force_login(cast.member)
    response = client.post(c("exchanges:follow", cast), {field: value})
    assert response.status_code == 404


def test_following_a_question_still_works(client, cast, question):
    client.force_login(cast.observer)
    response = client.post(c("exchanges:follow", cast), {"question": f" {question.pk} "})
    assert response.status_code == 302
    assert question.follows.filter(follower=cast.observer).exists()


@pytest.mark.parametrize(
    "url", [lambda cast: c("exchanges:notifications_read", cast), lambda cast: reverse("notifications:read")]
)
def test_marking_notifications_read_ignores_ids_that_cannot_exist(client, cast, question, url):
    exchanges_services.answer_post(actor=cast.observer, question=question, body="Entre 15 et 20 euros.")
    unread = Notification.objects.filter(recipient=cast.member, read_at__isnull=True)
    mine = unread.get()
    client.force_login(cast.member)
    response = client.post(url(cast), {"notification": [TOO_LARGE, "²", str(mine.pk)]})
    assert response.status_code == 302
    assert not unread.exists()


def test_an_action_owner_out_of_range_is_an_invalid_choice(client, cast):
    client.force_login(cast.core_member)
    data = {"title": "Cartographier", "status": "todo", "visibility": "members", "owners": [TOO_LARGE]}
    response = client.post(c("launch:action_create", cast), data)
    assert response.status_code == 200
    assert response.context["form"].has_error("owners", code="invalid_choice")
    assert response.context["form"]["title"].value() == "Cartographier"  # what was typed is kept
    assert not Action.objects.exists()


def test_a_knowledge_theme_out_of_range_is_an_invalid_choice(client, cast):
    client.force_login(cast.member)
    response = client.post(
        c("knowledge:item_create", cast, "good_practice"), {"title": "Carte des points de vente", "themes": [TOO_LARGE]}
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("themes", code="invalid_choice")
    assert not KnowledgeItem.objects.exists()


@pytest.mark.parametrize("theme", ["x" * 60_000, "vente\x00directe"])
def test_questions_filtered_by_a_theme_the_community_does_not_have_are_all_listed(client, cast, question, theme):
    client.force_login(cast.member)
    response = client.get(c("exchanges:questions", cast), {"theme": theme})
    assert response.status_code == 200
    assert list(response.context["page"]) == [question]


def test_questions_filtered_by_a_theme_of_the_community_are_still_filtered(client, cast, question):
    client.force_login(cast.member)
    response = client.get(c("exchanges:questions", cast), {"theme": "logistique"})
    assert response.status_code == 200
    assert list(response.context["page"]) == []


def test_an_email_address_longer_than_its_column_is_refused_by_the_form(client, cast):
    """allauth's field takes 320 characters, its table 254: PostgreSQL raised DataError."""
    client.force_login(cast.member)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "x" * 300 + "@example.test"})
    assert response.status_code == 200
    assert response.context["form"].has_error("email", code="max_length")
    assert cast.member.emailaddress_set.count() == 1


@pytest.mark.parametrize("path", ["/invitations/{}/", "/c/circuits-courts/calls/{}/"])
@pytest.mark.parametrize("token", ["\x00", "a\x00b", "é", "a b"])
def test_a_link_token_no_link_can_carry_is_not_found(client, cast, path, token):
    """Tokens are URL-safe base64: anything else stops at the URL (PostgreSQL refused NUL: a 500)."""
    with pytest.raises(Resolver404):
        resolve(path.format(token))
    client.force_login(cast.core_member)
    assert client.get(path.format(quote(token))).status_code == 404


# Where to go back to ----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["NaN", "9999-12-31T23:59:59", "ééé"])
def test_a_next_that_is_not_a_path_goes_to_the_default_page(client, cast, action, target):
    """`redirect()` reads a bare word as the name of a URL pattern: NoReverseMatch, a 500."""
    client.force_login(cast.core_member)
    response = client.post(c("launch:action_status", cast, action.pk), {"status": "done", "next": target})
    assert response["Location"] == c("launch:actions", cast)
    response = client.post(reverse("language_set"), {"language": "en", "next": target})
    assert response["Location"] == "/"


def test_a_next_leading_to_another_site_is_not_followed(client, cast, question):
    """Browsers read "/\\evil.example" as "//evil.example": another site."""
    client.force_login(cast.observer)
    response = client.post(c("exchanges:follow", cast), {"question": str(question.pk), "next": "/\\evil.example"})
    assert response["Location"] == c("exchanges:feed", cast)


def test_a_next_on_this_site_is_still_followed(client, cast, question):
    client.force_login(cast.observer)
    page = c("exchanges:question", cast, question.pk) + "?sort=new"
    response = client.post(c("exchanges:follow", cast), {"question": str(question.pk), "next": page})
    assert response["Location"] == page
