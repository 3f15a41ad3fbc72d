"""Text compared the way French readers compare it: without case or accents."""

import unicodedata

# Letters that Unicode does not decompose into a base letter and an accent.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss"})


def fold(text: str) -> str:
    """Lower case, without accents or ligatures: "Évaluation" → "evaluation", "Cœur" → "coeur"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def duration(minutes) -> str:
    """Minutes as hours and minutes, in the active language: "45 min", "2 h", "1 h 15"; "" for no number."""
    from django.utils.translation import gettext as _

    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return _("%(minutes)d min") % {"minutes": rest}
    if not rest:
        return _("%(hours)d h") % {"hours": hours}
    return _("%(hours)d h %(minutes)02d") % {"hours": hours, "minutes": rest}


def as_id(value) -> int | None:
    """A row id read from a request (a query or form parameter), or None for anything else.

    `str.isdigit()` is not enough: "²" is a digit to it, and a thousand nines overflow the column.
    """
    text = str(value or "")
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None


def typed(value) -> str:
    """Text a person sent, without the NUL characters no text column can hold (PostgreSQL refuses
    them), stripped: for the services that take text straight from a request rather than a form."""
    return str(value or "").replace("\x00", "").strip()
