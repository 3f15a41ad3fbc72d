"""The names of a community's themes: when two names are one theme, and turning written lists of
names into Theme rows.

Free of models on purpose: the data migrations that turned the old text and JSON lists into Theme
rows call `resolve()` with their historical model, the services with the real one.
"""

import unicodedata

from django.utils.text import slugify

NAME_MAX = 120
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def theme_slug(name: str) -> str:
    """What two names of one theme share: case, accents and punctuation aside.

    "Vente directe", "vente-directe" and "VENTE DIRECTE" are one theme; so are "Évaluation"
    and "evaluation". A name written without Latin letters keeps its own letters.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(LIGATURES))
    folded = "".join(char for char in decomposed if not unicodedata.combining(char))
    return slugify(folded) or slugify(name, allow_unicode=True)


def clean_name(name: str) -> str:
    """The name as shown: spaces collapsed, at most NAME_MAX characters."""
    return " ".join(str(name).split())[:NAME_MAX].strip()


def split_names(text: str) -> list[str]:
    """The names of a comma-separated list, in order, each once (one theme, one name)."""
    names, seen = [], set()
    for part in str(text or "").split(","):
        name = clean_name(part)
        slug = theme_slug(name)
        if slug and slug not in seen:
            seen.add(slug)
            names.append(name)
    return names


def resolve(theme_model, community_id: int, names, *, known: dict | None = None) -> list:
    """The themes of the community named `names` (in order, each once), matched whatever their
    case, accents or punctuation; a name that matches none becomes a new theme.

    `known` ({slug: theme}, filled from the database when None) spares a query per call to a
    caller resolving many lists of one community.
    """
    if known is None:
        known = {theme.slug: theme for theme in theme_model.objects.filter(community_id=community_id)}
    found = []
    for name in names:
        name = clean_name(name)
        slug = theme_slug(name)
        if not slug:
            continue
        theme = known.get(slug)
        if theme is None:
            theme = known[slug] = theme_model.objects.create(community_id=community_id, name=name, slug=slug)
        if theme not in found:
            found.append(theme)
    return found
