"""One Theme row per theme of a community: renaming it keeps every question, follow, knowledge
item, application and action that points to it; removing it unties them."""

import pytest
from django.urls import reverse

from terreau.calls.tests.factories import apply, open_call
from terreau.communities import services as communities
from terreau.core.models import Visibility
from terreau.exchanges import selectors as exchanges_selectors
from terreau.exchanges import services as exchanges
from terreau.exchanges.models import Follow, Notification, NotificationKind
from terreau.knowledge import search
from terreau.knowledge import services as knowledge
from terreau.knowledge.tests.helpers import make_item
from terreau.launch import services as launch
from terreau.launch.models import Action

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def tagged(cast, theme):
    """A question, a follow, a knowledge item, an application and an action, all on `theme`."""
    question = exchanges.question_ask(actor=cast.member, community=cast.community, title="Camion ?", themes=[theme])
    exchanges.follow_toggle(actor=cast.observer, community=cast.community, theme=theme)
    item = make_item(cast, title="Tournée partagée", themes=[theme], visibility=Visibility.PUBLIC)
    application = apply(open_call(cast), themes=[theme])
    action = launch.action_save(actor=cast.core_member, action=Action(community=cast.community, title="Tournée"))
    action.theme = theme
    launch.action_save(actor=cast.core_member, action=action)
    return question, item, application, action


def searched(cast, theme_id: int) -> list[str]:
    hits = search.search(community=cast.community, query="tournée", visibilities=["public"], theme_id=theme_id)
    return [hit.item.title for hit in hits]


def test_renaming_a_theme_keeps_everything_that_points_to_it(cast, client):
    theme = cast.community.themes.get(slug="logistique")
    question, item, application, action = tagged(cast, theme)

    communities.theme_rename(actor=cast.core_member, theme=theme, name="Transport et logistique")

    assert list(question.themes.all()) == [theme] and list(item.themes.all()) == [theme]
    assert list(application.themes.all()) == [theme]
    action.refresh_from_db()
    assert action.theme == theme
    assert Follow.objects.get(follower=cast.observer, theme=theme)
    assert searched(cast, theme.pk) == ["Tournée partagée"]  # the index holds the theme's id, not its name
    assert list(exchanges_selectors.questions(cast.member, cast.community, theme=theme)) == [question]
    client.force_login(cast.member)
    page = client.get(reverse("exchanges:questions", args=[cast.community.slug]), {"theme": theme.slug})
    assert "Transport et logistique" in page.text and [q.pk for q in page.context["page"].object_list] == [question.pk]
    page = client.get(reverse("exchanges:questions", args=[cast.community.slug]), {"theme": "Transport et logistique"})
    assert [q.pk for q in page.context["page"].object_list] == [question.pk]  # by its name, as addresses had it


def test_the_followers_of_a_renamed_theme_still_hear_of_its_new_questions(cast):
    theme = cast.community.themes.get(slug="logistique")
    exchanges.follow_toggle(actor=cast.observer, community=cast.community, theme=theme)
    communities.theme_rename(actor=cast.core_member, theme=theme, name="Transport")
    exchanges.question_ask(actor=cast.member, community=cast.community, title="Un camion ?", themes=["transport"])
    followed = Notification.objects.filter(recipient=cast.observer, kind=NotificationKind.FOLLOWED)
    assert [notification.params["title"] for notification in followed] == ["Un camion ?"]


def test_removing_a_theme_unties_what_pointed_to_it(cast):
    theme = cast.community.themes.get(slug="logistique")
    question, item, application, action = tagged(cast, theme)
    theme_id = theme.pk

    knowledge.theme_delete(actor=cast.core_member, theme=theme)

    assert not question.themes.exists() and not item.themes.exists() and not application.themes.exists()
    action.refresh_from_db()
    assert action.theme is None and action.title == "Tournée"
    assert not Follow.objects.filter(follower=cast.observer).exclude(question__isnull=False).exists()
    assert searched(cast, theme_id) == []
