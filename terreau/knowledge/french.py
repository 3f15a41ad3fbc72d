"""One normalisation of French words for the search, the same on SQLite and PostgreSQL.

Neither engine stems here: both index what this module writes and look up what it reads out of a
query, so they cannot disagree. Each word of a text becomes two terms:

- its *stem*, so that singular and plural, masculine and feminine, an infinitive and its
  participles, with or without accents, meet: "fromagères" → "fromag" ← "fromager";
- the word itself, folded and marked (`0fromageres`), so that an item holding the very word
  typed ranks above one holding only a related form, and so that the word being typed (four
  letters or more) is found by its beginning (`0fromag*`).

The stemmer is light (in the spirit of Savoy's French light stemmer, which Lucene uses) and
works on folded words: accents are removed *first*, and every rule is written so that "organisées"
and "organisees" take the same path. Snowball's French stemmer needs the accents and treats
some singulars and plurals apart ("fromager" → "fromag", "fromagers" → "fromager"); this one is
checked on a set of word pairs of each kind (tests/test_word_forms.py), irregular forms aside.
"""

import re
from functools import lru_cache

from terreau.core.text import fold

# Accents are gone before this list is consulted: "à" is "a", "été" is "ete".
STOP_WORDS = frozenset(
    """
    a ai aie aient aies ait as au aux avaient avais avait avec avez aviez avions avons ayant c ca ce ceci cela
    celle celles celui ces cet cette ceux chaque comme d dans de des du elle elles en es est et etaient etais
    etait etant ete etes etiez etions etre eu eue eues eus eut furent fut il ils j je l la le les leur leurs
    lui m ma mais me meme memes mes moi mon n ne nos notre nous on ont ou par pas pour qu que quel quelle
    quelles quels qui s sa sans se ses si son sont sur t ta te tes toi ton tu un une unes uns vos votre vous
    y
    """.split()
)
WORD = re.compile(r"[a-z0-9]+")
DOUBLED = re.compile(r"([a-z])\1+")
EXACT = "0"  # marks a word kept whole; a stem is letters only or a number, never this
PREFIX_MIN = 4  # the word being typed is looked up by its beginning from this many letters


def words(text: str) -> list[str]:
    """The folded words of `text`, stop words dropped (apostrophes split "l'été" into "l", "ete")."""
    return [word for word in WORD.findall(fold(text)) if word not in STOP_WORDS]


def _cut(word: str, ending: str, keep: int = 3) -> str | None:
    """`word` without `ending` when it ends so and at least `keep` letters remain."""
    if word.endswith(ending) and len(word) - len(ending) >= keep:
        return word[: -len(ending)]
    return None


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of a folded word: "organisees", "organisée", "organiser", "organisant" → "organis"."""
    if len(word) <= 3 or not word.isalpha():
        return word
    w = word
    # Plurals: -eaux, -aux (journaux → journal), -x, -s.
    if w.endswith("eaux"):
        w = w[:-1]
    elif w.endswith("aux") and len(w) > 4:
        w = w[:-3] + "al"
    elif w[-1] in "xs" and not w.endswith("ss"):
        w = w[:-1]
    # -ir verbs before doubled letters go: "finissant" → "fini" (not "organisant" → "organi").
    for ending in ("issant", "issement"):
        if _cut(w, ending, 2) is not None:
            w = w[: 1 - len(ending)]
    # Doubled letters: "professionnelle" and "professionnel", "créée" and "créer" meet.
    w = DOUBLED.sub(r"\1", w)
    # A final e (feminine, participle, mute): "organisée" → "organis", "fromagère" → "fromager".
    w = _cut(w, "e", 2) or w
    # Nouns of action, verbs and participles: "coopération", "coopérer" → "coper".
    for ending, keep in (("ation", 3), ("ement", 3), ("er", 2), ("ant", 3)):
        if (cut := _cut(w, ending, keep)) is not None:
            w = _cut(cut, "e", 2) or cut  # "partageant" → "partage" → "partag"
            # -érer verbs: "coopérer" and "coopéré" ("coopere" lost its e above) → "cop".
            w = _cut(w, "er", 3) or w
            break
    else:
        if w.endswith("ir") and len(w) > 3:
            w = w[:-1]  # "finir", "fini", "finie" → "fini"; "produire" → "produi"
        elif (w.endswith("uit") and len(w) > 5) or (w.endswith("crit") and len(w) > 4):
            w = w[:-1]  # "produit" → "produi", "écrit" → "ecri" ("fruit" stays)
        elif w.endswith("dr"):
            w = w[:-1]  # "vendre" → "vend"
        elif w.endswith(("ndu", "rdu")):
            w = w[:-1]  # "vendu" → "vend"
        elif w.endswith("enu"):
            w = w[:-1] + "i"  # "venu", "venir" → "veni"
    # Masculine and feminine endings that differ by more than an e.
    for ending, replacement in (
        ("tric", "teu"),  # animatrice, animateur
        ("dric", "deu"),  # ambassadrice, ambassadeur
        ("eus", "eu"),  # vendeuse, vendeur; heureuse, heureux
        ("eur", "eu"),
        ("iv", "if"),  # collective, collectif
        ("qu", "c"),  # publique, public
        ("gu", "g"),  # longue, long
        ("ch", "c"),  # blanche, blanc; sèche, sec
        ("eau", "el"),  # nouveau, nouvelle
        ("ail", "al"),  # travail, travaux
    ):
        if w.endswith(ending) and len(w) - len(ending) >= 1 and len(w) >= 4:
            w = w[: -len(ending)] + replacement
            break
    return w


def terms(text: str) -> str:
    """What the index holds for `text`: each word's stem and the word itself, marked."""
    return " ".join(f"{stem(word)} {EXACT}{word}" for word in words(text))


def query_words(query: str, limit: int = 12) -> list[str]:
    """The distinct folded words of what a person typed, in order; operators and punctuation are only words."""
    seen = []
    for word in words(query.replace("\x00", " ")[:500]):
        if word not in seen:
            seen.append(word)
    return seen[:limit]


def query_terms(query: str) -> list[tuple[str, str, bool]]:
    """For each word typed: (its stem, the word marked as exact, whether it is looked up by its
    beginning too). Only the last word is being typed; it needs PREFIX_MIN letters."""
    typed = query_words(query)
    return [
        (stem(word), EXACT + word, number == len(typed) - 1 and len(word) >= PREFIX_MIN and word.isalpha())
        for number, word in enumerate(typed)
    ]
