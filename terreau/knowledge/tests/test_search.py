"""The same search cases on SQLite (FTS5) and PostgreSQL (tsvector): the suite runs on both."""

import pytest

from terreau.communities import services as communities
from terreau.core.models import Visibility
from terreau.knowledge import search, services
from terreau.knowledge.models import ItemStatus, ItemType
from terreau.knowledge.tests.helpers import make_item, pdf_upload

pytestmark = pytest.mark.django_db


def find(cast, query, user=None, **filters):
    from terreau import permissions

    user = user or cast.member
    return [
        hit.item.title
        for hit in search.search(
            community=cast.community,
            query=query,
            visibilities=permissions.visibilities(user, cast.community),
            **filters,
        )
    ]


@pytest.fixture
def items(cast):
    theme = communities.theme_create(actor=cast.core_member, community=cast.community, name="Évaluation")
    other = communities.theme_get_or_create(actor=cast.core_member, community=cast.community, name="Logistique")
    return {
        "evaluation": make_item(
            cast,
            title="Les évaluations des communautés",
            fields={"why": "Mesurer ce que la communauté apporte aux producteurs."},
            themes=[theme],
        ),
        "cooperation": make_item(
            cast,
            type=ItemType.LESSONS_LEARNED,
            title="Halle fermière",
            fields={"what_worked": "La coopération entre les producteurs de la région."},
            themes=[other],
        ),
        "mobility": make_item(
            cast,
            type=ItemType.ARTICLE,
            title="Mobilité rurale et marchés",
            body="Les navettes vers les marchés du samedi.",
            visibility=Visibility.PUBLIC,
        ),
        "secret": make_item(
            cast, title="Évaluation confidentielle du noyau", visibility=Visibility.CORE_TEAM, themes=[theme]
        ),
        "draft": make_item(cast, title="Brouillon d'évaluation", publish=False),
    }


def test_accents_and_plurals_do_not_matter(cast, items):
    assert find(cast, "evaluation") == ["Les évaluations des communautés"]
    assert find(cast, "ÉVALUATIONS communaute") == ["Les évaluations des communautés"]


def test_verb_endings_meet_their_nouns(cast, items):
    assert find(cast, "coopérer") == ["Halle fermière"]
    assert find(cast, "mobilite") == ["Mobilité rurale et marchés"]


def test_every_word_must_match(cast, items):
    assert find(cast, "évaluation halle") == []
    assert set(find(cast, "producteurs")) == {"Les évaluations des communautés", "Halle fermière"}


def test_a_title_match_ranks_first(cast, items):
    # Among items holding the same form of the word (the exact form typed ranks first: test_word_forms).
    make_item(cast, title="Marché couvert", fields={"why": "Les marchés en hiver: des évaluations rapides."})
    assert find(cast, "évaluations")[0] == "Les évaluations des communautés"
    assert find(cast, "évaluation")[0] == "Les évaluations des communautés"


def test_nobody_sees_a_hit_on_what_they_may_not_read(cast, items):
    assert "Évaluation confidentielle du noyau" not in find(cast, "évaluation", user=cast.member)
    assert "Évaluation confidentielle du noyau" in find(cast, "évaluation", user=cast.core_member)
    assert find(cast, "évaluation", user=cast.outsider) == []
    assert find(cast, "marchés", user=cast.outsider) == ["Mobilité rurale et marchés"]


def test_drafts_are_not_found_unless_asked_by_a_content_manager(cast, items):
    assert "Brouillon d'évaluation" not in find(cast, "evaluation")
    assert find(cast, "brouillon", user=cast.core_member, statuses=[ItemStatus.DRAFT]) == ["Brouillon d'évaluation"]


def test_entry_points_filter_inside_the_index(cast, items):
    theme = items["evaluation"].themes.get()
    assert set(find(cast, "évaluation", user=cast.core_member, theme_id=theme.pk)) == {
        "Les évaluations des communautés",
        "Évaluation confidentielle du noyau",
    }
    assert find(cast, "producteurs", type=ItemType.LESSONS_LEARNED) == ["Halle fermière"]
    assert find(cast, "producteurs", type=ItemType.WATCH_ITEM) == []


def test_the_index_follows_edits_status_and_visibility(cast, items):
    item = items["mobility"]
    services.item_update(
        actor=cast.member,
        item=item,
        base_version=item.version,
        title="Covoiturage vers les marchés",
        fields={},
        body="Partager les voitures.",
        visibility=Visibility.PUBLIC,
    )
    assert find(cast, "navettes") == []
    assert find(cast, "covoiturage") == ["Covoiturage vers les marchés"]
    services.item_set_status(actor=cast.core_member, item=item, action="unpublish")
    assert find(cast, "covoiturage") == []


def test_attachment_summaries_are_searched(cast, items):
    services.attachment_add(
        actor=cast.member,
        item=items["cooperation"],
        upload=pdf_upload(),
        summary="Tableau des fromageries",
        visibility="members",
    )
    assert find(cast, "fromagerie") == ["Halle fermière"]


HALLE, EVALUATION = ["Halle fermière"], ["Les évaluations des communautés"]


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ('"', []),
        ('"halle', HALLE),
        ("évaluation OR", []),  # "or" is only a word, and no item holds it
        ("NEAR(", []),
        ("(halle", HALLE),
        ("*", []),
        ("halle*", HALLE),
        ("-x", []),
        ("-halle", HALLE),
        ("l'été", []),
        ("l'évaluation", EVALUATION),
        ("évaluation\x00", EVALUATION),
        ("a AND (b", []),
        ("^", []),
        ("^halle", HALLE),
        ("{title}:x", []),
        ("{halle}:fermière", HALLE),
        ("''", []),
        ("''halle''", HALLE),
        ("   ", []),
        ("   halle   ", HALLE),
        ("le la les", []),
        ("la halle", HALLE),
    ],
)
def test_hostile_queries_do_not_break_the_search(cast, items, query, found):
    """Syntax of FTS5 or tsquery is only punctuation: the search answers, and a real word is found."""
    assert find(cast, query) == found
    # The core team reads the confidential evaluation too; nothing else appears.
    visible_to_core = {item.title for key, item in items.items() if key != "draft"}
    assert set(find(cast, query, user=cast.core_member)) <= visible_to_core


def test_an_operator_is_only_a_word(cast, items):
    assert find(cast, "évaluations OR halle") == []
    assert find(cast, 'évaluations "communautés') == ["Les évaluations des communautés"]


def test_highlighting_marks_the_words_and_escapes_the_rest(cast, items):
    make_item(cast, title="<script>évaluation</script>", fields={"why": "Une évaluation <b>utile</b>."})
    from terreau import permissions

    hits = search.search(
        community=cast.community, query="evaluer", visibilities=permissions.visibilities(cast.member, cast.community)
    )
    scripted = next(hit for hit in hits if "script" in hit.item.title)
    assert scripted.title_html == "&lt;script&gt;<mark>évaluation</mark>&lt;/script&gt;"
    assert "<mark>évaluation</mark> &lt;b&gt;" in scripted.snippet_html


def test_another_community_is_never_searched(cast, public_cast, items):
    make_item(public_cast, title="Évaluation ailleurs", visibility=Visibility.PUBLIC)
    assert "Évaluation ailleurs" not in find(cast, "évaluation", user=cast.core_member)


def test_deleted_items_leave_the_index(cast, items):
    services.item_delete(actor=cast.core_member, item=items["cooperation"])
    assert find(cast, "coopération") == []


def test_the_theme_filter_follows_the_items_themes(cast, items):
    item = items["cooperation"]
    theme = items["evaluation"].themes.get()
    other = item.themes.get()
    services.item_update(
        actor=cast.core_member,
        item=item,
        base_version=item.version,
        title=item.title,
        fields=item.fields,
        themes=[theme],
        visibility=item.visibility,
    )
    assert find(cast, "coopération", theme_id=theme.pk) == ["Halle fermière"]
    assert find(cast, "coopération", theme_id=other.pk) == []
    theme_id = theme.pk
    services.theme_delete(actor=cast.core_member, theme=theme)
    assert find(cast, "coopération", theme_id=theme_id) == []
    assert find(cast, "coopération") == ["Halle fermière"]


def test_ranking_within_capped_candidates_still_answers_the_best_of_them(cast, items, monkeypatch):
    # PostgreSQL ranks at most PG_CANDIDATES matches (SQLite reads by tiers, newest first); the
    # cap never loses a filter or a reader's rights.
    monkeypatch.setattr(search, "PG_CANDIDATES", 1)
    found = find(cast, "évaluation", user=cast.core_member)
    assert 1 <= len(found) <= 2
    assert set(found) <= {"Les évaluations des communautés", "Évaluation confidentielle du noyau"}
    assert find(cast, "évaluation", type=ItemType.WATCH_ITEM) == []


def test_a_choice_code_or_a_date_is_not_searched_nor_quoted(cast):
    """A good practice's standing is stored as a code ("proven"), a memo's date as 2025-06-02: the
    search reads the words people wrote, so an English code never shows in a French excerpt."""
    make_item(cast, title="Atelier partagé", fields={"standing": "proven", "evidence": "Trois saisons de ventes."})
    make_item(cast, type=ItemType.EXCHANGE_MEMO, title="Rencontre de juin", fields={"held_on": "2025-06-02"})
    assert find(cast, "proven") == []
    assert find(cast, "2025") == []
    assert find(cast, "saisons") == ["Atelier partagé"]


@pytest.mark.parametrize("expand_max", [search.EXPAND_MAX, 1, 0])
def test_the_word_being_typed_is_found_by_its_beginning_however_many_words_share_it(
    cast, items, monkeypatch, expand_max
):
    # The beginning is expanded from the table of words, or asked of the engine's own prefix
    # query when more words than EXPAND_MAX share it: the same items either way.
    make_item(cast, title="Coopératives laitières", fields={"why": "Les coopérateurs et la coopérative."})
    monkeypatch.setattr(search, "EXPAND_MAX", expand_max)
    assert set(find(cast, "coopé")) == {"Halle fermière", "Coopératives laitières"}
    assert find(cast, "halle coopérat") == ["Halle fermière"]
    assert find(cast, "zzzcoop") == []


def test_a_title_match_ranks_above_a_newer_text_match(cast, items):
    make_item(cast, title="Compte rendu", fields={"why": "La halle fermière, vue par les producteurs."})
    assert find(cast, "halle")[0] == "Halle fermière"
    assert find(cast, "halles")[0] == "Halle fermière"  # related forms, the title first too


def test_the_daily_optimize_keeps_every_hit(cast, items):
    """`manage.py search_optimize` merges the index's segments; what a search finds stays the same."""
    from django.core.management import call_command

    before = find(cast, "évaluation")
    for n in range(5):  # several small writes, several segments
        make_item(cast, title=f"Évaluation numéro {n}")
    call_command("search_optimize")
    after = find(cast, "évaluation")
    assert set(before) < set(after) and len(after) == len(before) + 5
