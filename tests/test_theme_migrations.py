"""The migrations turn the five ways themes were written (a community's comma-separated text, the
knowledge base's own rows, a question's JSON list, a follow's name, an application's text, an
action's name) into the community's Theme rows, and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("communities", "0002_invitation_outgoing_email"),
    ("knowledge", "0004_search_texts_by_visibility"),
    ("exchanges", "0004_notification_email_and_weekly_message"),
    ("calls", "0001_initial"),
    ("launch", "0001_initial"),
]


def migrate(targets=None):
    """Migrate to `targets` (the latest migrations when None); answers the models of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def plant(old):
    """What the old schema held, written the old ways (with the mistakes people made). The search's
    index is left to the migrations (knowledge 0007 writes it for every item)."""
    User = old.get_model("accounts", "User")
    asker = User.objects.create(email="julie@exemple.be", display_name="Julie", password="!")
    follower = User.objects.create(email="marc@exemple.be", display_name="Marc", password="!")
    community = old.get_model("communities", "Community").objects.create(
        name="Circuits courts", slug="circuits-courts", purpose="p", themes="Vente directe, Logistique ,cantines"
    )
    # The knowledge base's list: "Vente-directe" is "Vente directe" written otherwise.
    Theme = old.get_model("knowledge", "Theme")
    direct, other_spelling, markets = (
        Theme.objects.create(community=community, name=name) for name in ["vente directe", "Vente-Directe", "Marchés"]
    )
    Item = old.get_model("knowledge", "KnowledgeItem")
    both, second = (
        Item.objects.create(community=community, type="article", title=title, status="published", version=1)
        for title in ["Les deux", "Le second"]
    )
    both.themes.set([direct, other_spelling, markets])
    second.themes.set([other_spelling])
    Question = old.get_model("exchanges", "Question")
    question = Question.objects.create(
        community=community, author=asker, title="Camion ?", themes=["LOGISTIQUE", "Transport", "logistique"]
    )
    Question.objects.create(community=community, author=asker, title="Sans thème", themes=[])
    Follow = old.get_model("exchanges", "Follow")
    for name in ["logistique", "Logistique"]:  # the same theme, followed twice under two spellings
        Follow.objects.create(community=community, follower=follower, theme=name)
    Follow.objects.create(community=community, follower=asker, theme="Énergie")  # renamed away since
    call = old.get_model("calls", "Call").objects.create(
        community=community, title="Appel", text="t", closes_on=datetime.date(2030, 1, 1), token="t0k3n"
    )
    application = old.get_model("calls", "Application").objects.create(
        call=call,
        name="Léa",
        email="lea@exemple.be",
        motivation="m",
        engagement="carrier",
        themes="VENTE DIRECTE, Tourisme",
    )
    Action = old.get_model("launch", "Action")
    grouped = Action.objects.create(community=community, title="Plan", theme="Groupe communication")
    cantines = Action.objects.create(community=community, title="Menus", theme="Cantines")
    return {
        "community": community.pk,
        "direct": direct.pk,
        "markets": markets.pk,
        "both": both.pk,
        "second": second.pk,
        "question": question.pk,
        "follower": follower.pk,
        "asker": asker.pk,
        "application": application.pk,
        "grouped": grouped.pk,
        "cantines": cantines.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_the_migrations_turn_every_written_theme_into_the_communitys_themes_and_back():
    ids = plant(migrate(BEFORE))

    new = migrate()
    Theme = new.get_model("communities", "Theme")
    themes = {theme.slug: theme for theme in Theme.objects.filter(community_id=ids["community"])}
    assert sorted(themes) == [
        "cantines",
        "energie",
        "groupe-communication",
        "logistique",
        "marches",
        "transport",
        "vente-directe",
    ]
    # The knowledge base's rows keep their ids; the other spelling is merged into the oldest.
    assert themes["vente-directe"].pk == ids["direct"] and themes["vente-directe"].name == "vente directe"
    assert themes["marches"].pk == ids["markets"]
    Item = new.get_model("knowledge", "KnowledgeItem")
    tagged = lambda pk: sorted(Item.objects.get(pk=pk).themes.values_list("slug", flat=True))  # noqa: E731
    assert tagged(ids["both"]) == ["marches", "vente-directe"] and tagged(ids["second"]) == ["vente-directe"]
    Question = new.get_model("exchanges", "Question")
    assert sorted(Question.objects.get(pk=ids["question"]).themes.values_list("slug", flat=True)) == [
        "logistique",
        "transport",
    ]
    Follow = new.get_model("exchanges", "Follow")
    assert list(Follow.objects.filter(follower_id=ids["follower"]).values_list("theme__slug", flat=True)) == [
        "logistique"
    ]
    assert list(Follow.objects.filter(follower_id=ids["asker"]).values_list("theme__name", flat=True)) == ["Énergie"]
    # An applicant's words that are none of the community's themes stay their words.
    application = new.get_model("calls", "Application").objects.get(pk=ids["application"])
    assert list(application.themes.values_list("slug", flat=True)) == ["vente-directe"]
    assert application.other_themes == "Tourisme"
    Action = new.get_model("launch", "Action")
    assert Action.objects.get(pk=ids["grouped"]).theme.name == "Groupe communication"
    assert Action.objects.get(pk=ids["cantines"]).theme_id == themes["cantines"].pk

    # The search's theme filter finds the item whose theme was merged.
    from terreau.communities.models import Community
    from terreau.knowledge import search

    found = search.search(
        community=Community.objects.get(pk=ids["community"]),
        query="second",
        visibilities=["public", "members", "core_team"],
        theme_id=ids["direct"],
    )
    assert [hit.item.pk for hit in found] == [ids["second"]]

    old = migrate(BEFORE)
    community = old.get_model("communities", "Community").objects.get(pk=ids["community"])
    assert community.themes == (
        "cantines, Énergie, Groupe communication, Logistique, Marchés, Transport, vente directe"
    )
    question = old.get_model("exchanges", "Question").objects.get(pk=ids["question"])
    assert question.themes == ["Logistique", "Transport"]
    follows = old.get_model("exchanges", "Follow").objects.filter(follower_id=ids["follower"])
    assert list(follows.values_list("theme", flat=True)) == ["Logistique"]
    application = old.get_model("calls", "Application").objects.get(pk=ids["application"])
    assert application.themes == "vente directe, Tourisme"
    assert old.get_model("launch", "Action").objects.get(pk=ids["grouped"]).theme == "Groupe communication"

    migrate()  # the tests that follow run on the latest schema
