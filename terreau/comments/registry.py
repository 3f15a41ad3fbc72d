"""The kinds of things that take comments; each feature registers its own at AppConfig.ready().

Comments sit below the features and import none of them: a feature tells comments, for a thing
of its kind, what a thread needs to know (`Target`): its title, visibility and address, whether
it takes new comments, who carries it (told of new comments), and, when the thing is narrower
than its visibility (a knowledge item's draft), who may read it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Target:
    thing: Any
    title: str
    visibility: str
    url: str
    # Whether new comments are taken (a thread stays readable when closed).
    open: bool = True
    # The users who carry the thing (author, owners, organisers): told of each new comment.
    people: list = field(default_factory=list)
    # Who may read the thing, when its visibility alone does not say it; None: its visibility says.
    readable_by: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class Commentable:
    """A kind of thing that takes comments: `key` (stored, in URLs), its `model`, and `describe`."""

    key: str
    model: type[models.Model]
    describe: Callable[[Any], Target]
    # What `describe` reads, joined (owners, organisers...), for the thread's own page.
    queryset: Callable[[], models.QuerySet] | None = None


_kinds: dict[str, Commentable] = {}


def register(kind: Commentable) -> None:
    _kinds[kind.key] = kind


def kind_named(key: str) -> Commentable | None:
    return _kinds.get(key)


def kind_of(thing) -> Commentable:
    """The registered kind of `thing`; a template asking for a kind nobody registered is a mistake."""
    for kind in _kinds.values():
        if isinstance(thing, kind.model):
            return kind
    raise LookupError(f"{type(thing).__name__} takes no comments: register it in comments.registry")


def target(key: str, community, pk) -> Target | None:
    """The thing `pk` of kind `key` in `community`, described; None when there is none."""
    kind = _kinds.get(key)
    if kind is None:
        return None
    queryset = kind.queryset() if kind.queryset else kind.model._default_manager.all()
    thing = queryset.filter(community=community, pk=pk).first()
    return kind.describe(thing) if thing is not None else None
