"""A person's data, gathered for them or erased, by registry: the base never imports a feature.

Every app that stores something about or by a person registers, in its `AppConfig.ready()`:

    personal_data.register(
        "exchanges",
        exporter=personal_data_exporter,   # (user) -> Export: what the person may download
        eraser=personal_data_eraser,       # (user, neutral_name) -> None: their name made neutral
        blocker=None,                      # (user) -> [reason]: why the account cannot go yet
    )

An eraser keeps the person's contributions (signed by `neutral_name`, "Former member" in the
platform's language, as the community's) and deletes what was theirs alone (notifications they
received, follows, preferences, emails sent to them). Erasers run in one transaction, in their
`order`, before accounts anonymises the user row itself; they may still read `user.display_name`
and `user.email`.

After every eraser, `scrub()` goes over every text and JSON column of every model and replaces
the person's name and email address wherever a copy is left (a sentence baked at the time, an
email's body, a name typed in a form): the registry says what each app means to do, the sweep is
the guarantee that no copy was forgotten, the events app's tomorrow included. A model lists in
`PERSONAL_DATA_KEEP` the columns the sweep must leave alone (accounts.User: a namesake keeps
their name). Names shorter than SWEEP_MIN_LENGTH are left to the erasers, which know where the
person's name was put.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db import connection, models
from django.db.models.functions import Cast

# Names shorter than this are replaced only where the eraser knows they are the person's (a
# sweep replacing "Jo" in every text would damage other people's words).
SWEEP_MIN_LENGTH = 4
# The address an erased account keeps (unique, never deliverable: .invalid is reserved).
ERASED_EMAIL = "former-member-%(pk)s@erased.invalid"


@dataclass
class Export:
    """What an app holds of a person: JSON-able `data`, and `files` as (name in the archive, file)."""

    data: Any
    files: list[tuple[str, Any]] = field(default_factory=list)


Exporter = Callable[[Any], Export]
Eraser = Callable[[Any, str], None]
Blocker = Callable[[Any], list[str]]
Needles = Callable[[Any], list[str]]


@dataclass(frozen=True)
class Registration:
    app: str
    exporter: Exporter | None
    eraser: Eraser | None
    blocker: Blocker | None
    needles: Needles | None
    order: int


_registry: dict[str, Registration] = {}


def register(
    app: str,
    *,
    exporter: Exporter | None = None,
    eraser: Eraser | None = None,
    blocker: Blocker | None = None,
    needles: Needles | None = None,
    order: int = 50,
) -> None:
    """Register what `app` holds of people; registering again replaces (ready() may run twice in tests).

    `needles`: other strings that name the person in this app's texts (an @-mention), which the
    sweep replaces by the neutral name everywhere, emails included."""
    _registry[app] = Registration(app, exporter, eraser, blocker, needles, order)


def registrations() -> list[Registration]:
    return sorted(_registry.values(), key=lambda registration: (registration.order, registration.app))


def export(user) -> dict[str, Export]:
    """{app: Export} of every app that holds something of `user`."""
    return {r.app: r.exporter(user) for r in registrations() if r.exporter is not None}


def blockers(user) -> list[str]:
    """Why `user`'s account cannot be deleted now (the last of a core team...); empty when it can."""
    return [reason for r in registrations() if r.blocker is not None for reason in r.blocker(user)]


def erase(user, neutral_name: str) -> None:
    """Run every app's eraser, then sweep what is left of the name and email. Call inside a transaction."""
    replacements = replacements_of(user, neutral_name)
    for registration in registrations():
        if registration.eraser is not None:
            registration.eraser(user, neutral_name)
    scrub(replacements)


def replacements_of(user, neutral_name: str) -> dict[str, str]:
    """What identifies `user` in stored text, and what replaces it: their email, their name."""
    found = {user.email: ERASED_EMAIL % {"pk": user.pk}}
    name = user.display_name.strip()
    if len(name) >= SWEEP_MIN_LENGTH:
        found[name] = neutral_name
    for registration in registrations():
        if registration.needles is not None:
            found.update(dict.fromkeys(registration.needles(user), neutral_name))
    return {needle: replacement for needle, replacement in found.items() if needle}


def replace(text: str, replacements: dict[str, str]) -> str:
    """`text` with each needle (in any case) replaced by its replacement, the longest first."""
    for needle in sorted(replacements, key=len, reverse=True):
        replacement = replacements[needle]
        text = re.sub(re.escape(needle), lambda _match, found=replacement: found, text, flags=re.IGNORECASE)
    return text


def _replace_json(value, replacements):
    if isinstance(value, str):
        return replace(value, replacements)
    if isinstance(value, list):
        return [_replace_json(item, replacements) for item in value]
    if isinstance(value, dict):
        return {replace(key, replacements): _replace_json(item, replacements) for key, item in value.items()}
    return value


def text_columns(model) -> list[models.Field]:
    """The concrete columns of `model` that may hold a copy of a name: text and JSON."""
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField | models.JSONField) and not f.primary_key
    ]


def scrub(replacements: dict[str, str]) -> int:
    """Replace each needle of `replacements` in every text and JSON column of every model;
    answers how many rows changed.

    Each column is read only where it contains a needle (a LIKE, case-insensitive), so the cost is
    a scan of the text columns once per account deleted, a rare act."""
    needles = [needle for needle in replacements if needle]
    changed = 0
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        manager = model._base_manager
        for column in text_columns(model):
            if column.name in getattr(model, "PERSONAL_DATA_KEEP", ()):
                continue
            is_json = isinstance(column, models.JSONField)
            lookup = models.Q()
            queryset = manager.all()
            if is_json:
                queryset = queryset.annotate(_as_text=Cast(column.attname, models.TextField()))
            for needle in needles:
                # JSON text escapes non-ASCII characters on some databases: look for the ASCII
                # needle as is, and compare the decoded values in Python below.
                lookup |= models.Q(**{("_as_text" if is_json else column.attname) + "__icontains": needle})
            for pk, value in queryset.filter(lookup).values_list("pk", column.attname):
                new = _replace_json(value, replacements) if is_json else replace(value, replacements)
                if new != value:
                    manager.filter(pk=pk).update(**{column.attname: new})
                    changed += 1
            if is_json and connection.vendor == "sqlite":
                changed += _scrub_json_unicode(model, column, replacements)
    return changed


def _scrub_json_unicode(model, column, replacements) -> int:
    """SQLite stores JSON with non-ASCII characters escaped (\\u00e9): a name with an accent is not
    found by LIKE; read the rows holding an escape and compare in Python."""
    if all(needle.isascii() for needle in replacements):
        return 0
    changed = 0
    manager = model._base_manager
    rows = manager.annotate(_as_text=Cast(column.attname, models.TextField())).filter(_as_text__contains="\\u")
    for pk, value in rows.values_list("pk", column.attname):
        new = _replace_json(value, replacements)
        if new != value:
            manager.filter(pk=pk).update(**{column.attname: new})
            changed += 1
    return changed


def rows(queryset, *fields: str) -> list[dict]:
    """The rows of `queryset` as dictionaries of `fields`, for an exporter."""
    return list(queryset.values(*fields))


def dump(queryset) -> list[dict]:
    """Every column of the rows of `queryset` (foreign keys as ids, files as their names)."""
    return list(queryset.values(*[f.attname for f in queryset.model._meta.concrete_fields]))
