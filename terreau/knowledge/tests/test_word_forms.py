"""French word forms meet in the search, the same on SQLite and PostgreSQL (the suite runs on both).

Each pair of word_forms is checked through the real search and index: an item holding one form
is found by the other, both ways (a word being typed: one way, from its first letters). Irregular
forms are listed in word_forms.EXPECTED_FAILURES; a test fails if one of them starts to pass.
"""

import pytest

from terreau.core.models import Visibility
from terreau.knowledge import search
from terreau.knowledge.models import ItemStatus, ItemType, KnowledgeItem
from terreau.knowledge.tests.helpers import make_item
from terreau.knowledge.tests.word_forms import EXPECTED_FAILURES, KINDS

pytestmark = pytest.mark.django_db
READERS = [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.CORE_TEAM]


def _plant(community, titles) -> dict[str, int]:
    """One published item per title, straight into the table and the index: {title: id}."""
    items = KnowledgeItem.objects.bulk_create(
        [
            KnowledgeItem(
                community=community,
                type=ItemType.ARTICLE,
                title=f"Note {number}: {title}",
                status=ItemStatus.PUBLISHED,
                visibility=Visibility.PUBLIC,
                version=1,
            )
            for number, title in enumerate(titles)
        ]
    )
    search.index_many([(item, []) for item in items])
    return {title: item.pk for title, item in zip(titles, items, strict=True)}


def _finds(community, query, item_id) -> bool:
    hits = search.search(community=community, query=query, visibilities=READERS, limit=500)
    return item_id in {hit.item.pk for hit in hits}


@pytest.mark.parametrize("kind", list(KINDS))
def test_word_forms_meet(cast, kind, capsys):
    pairs = KINDS[kind]
    assert len(pairs) >= 40
    one_way = kind == "prefix"  # an item holds the word, a person types its first letters
    ids = _plant(cast.community, sorted({word for pair in pairs for word in (pair[:1] if one_way else pair)}))
    failed = set()
    for held, typed in pairs:
        found = _finds(cast.community, typed, ids[held])
        if not one_way:
            found = found and _finds(cast.community, held, ids[typed])
        if not found:
            failed.add((held, typed))
    expected = {pair for pair in pairs if pair in EXPECTED_FAILURES}
    with capsys.disabled():
        print(
            f"\n{kind} ({search.connection.vendor}): {len(pairs) - len(failed)}/{len(pairs)} pairs meet; "
            f"irregular, expected apart: {sorted(expected)}"
        )
    assert failed - expected == set(), "these forms should meet"
    assert expected - failed == set(), "these irregular forms meet now: take them out of EXPECTED_FAILURES"


def test_unrelated_words_stay_apart(cast):
    ids = _plant(cast.community, ["formation", "produit", "agricole", "fromagerie", "vendre"])
    for held, typed in [
        ("formation", "fromage"),
        ("produit", "projet"),
        ("agricole", "agriculteur"),
        ("vendre", "venir"),
        ("fromagerie", "fro"),  # fewer than four letters typed: not looked up by its beginning
    ]:
        assert not _finds(cast.community, typed, ids[held]), (held, typed)


def test_only_the_last_word_is_looked_up_by_its_beginning(cast):
    ids = _plant(cast.community, ["fromagerie agricole"])
    assert _finds(cast.community, "agricole fromag", ids["fromagerie agricole"])
    assert not _finds(cast.community, "fromag agricole", ids["fromagerie agricole"])


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("fromager", "Le fromager du village"),
        ("fromagers", "Les fromagers du village"),
        ("fromagères", "Les fromagères du village"),
        ("organiser", "Organiser un marché"),
        ("organisées", "Visites organisées au marché"),
    ],
)
def test_the_exact_form_ranks_first(cast, typed, first):
    titles = [
        "Les fromagers du village",
        "Le fromager du village",
        "Les fromagères du village",
        "Visites organisées au marché",
        "Organiser un marché",
    ]
    for title in titles:
        make_item(cast, title=title, body="Un texte de la même longueur pour chacune des fiches.")
    hits = search.search(community=cast.community, query=typed, visibilities=READERS)
    assert hits[0].item.title == first
    assert len(hits) >= 2  # the other forms are found too, after it


def test_theme_names_are_searched(cast):
    from terreau.communities import services as communities
    from terreau.knowledge import services

    theme = communities.theme_create(actor=cast.core_member, community=cast.community, name="Apiculture urbaine")
    item = make_item(cast, type=ItemType.ARTICLE, title="Une halle", body="Texte.", themes=[theme])
    found = search.search(community=cast.community, query="apicultures urbaines", visibilities=READERS)
    assert [hit.item.pk for hit in found] == [item.pk]
    services.theme_rename(actor=cast.core_member, theme=theme, name="Paniers solidaires")
    assert search.search(community=cast.community, query="apiculture", visibilities=READERS) == []
    found = search.search(community=cast.community, query="panier solidaire", visibilities=READERS)
    assert [hit.item.pk for hit in found] == [item.pk]
