"""What the sections share: record ids, dates as ISO strings and back, the scope's reading rules,
streamed queries, and rows recreated with their dates kept."""

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Model, QuerySet

from terreau import permissions
from terreau.permissions import Standing

from ..models import Scope

# Rows fetched at a time by an export: memory stays flat whatever the community's size.
CHUNK = 200


def rid(kind: str, pk: Any) -> str | None:
    """A record's id in the archive: "circles.circle:3" (None for no thing)."""
    return None if pk is None else f"{kind}:{pk}"


def iso(value: date | datetime | Decimal | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return str(value)
    return value.isoformat()


def moment(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def standing(ctx) -> Standing:
    """Whose eyes the archive is for: a visitor for the public archive, a member for the members'."""
    return Standing.VISITOR if ctx.scope == Scope.PUBLIC else Standing.MEMBER


def reads(ctx, action: str) -> bool:
    """Whether the archive's reader may read what `action` shows (an action the kernel registered
    with `reads=True`). A role's action (the dashboard, say) is never read by the scope itself, and
    a visitor reads nothing of a private community."""
    if ctx.scope == Scope.PUBLIC and not ctx.community.is_public:
        return False
    if action in permissions.ROLE_RULES:
        return False
    return permissions.needed(action) <= standing(ctx)


def names_people(ctx) -> bool:
    """Lists of people (members of a circle, participants, who came) are for the members' eyes:
    the directory is (members.view)."""
    return reads(ctx, "members.view")


def stream(queryset: QuerySet, chunk: int = CHUNK) -> Iterator[Any]:
    """A query read in chunks (its prefetches done chunk by chunk)."""
    return queryset.iterator(chunk_size=chunk)


def people(ctx, things: Iterable[Any]) -> list[str]:
    """The person ids of users or memberships, without the nobodies, in their order."""
    found = (ctx.person(thing) for thing in things)
    return [person for person in found if person]


def dated(obj: Model, **dates: Any) -> Model:
    """Give a saved row back its dates (`auto_now_add` and `auto_now` fields set them on save)."""
    if dates:
        type(obj)._default_manager.filter(pk=obj.pk).update(**dates)
        for name, value in dates.items():
            setattr(obj, name, value)
    return obj


def create_dated(model: type[Model], rows: list[tuple[Model, dict[str, Any]]]) -> list[Model]:
    """Create many rows at once, then give them back their dates: two queries for any number."""
    objs = [obj for obj, _dates in rows]
    if not objs:
        return objs
    model._default_manager.bulk_create(objs)
    fields = sorted({name for _obj, dates in rows for name in dates})
    if fields:
        for obj, dates in rows:
            for name, value in dates.items():
                setattr(obj, name, value)
        model._default_manager.bulk_update(objs, fields)
    return objs


def theme_names(themes) -> list[str]:
    return sorted(theme.name for theme in themes)


def themes_for(community, names: Iterable[str]) -> list:
    """The new community's themes of these names, created when missing."""
    from terreau.communities.models import Theme

    found = []
    for name in names:
        theme = Theme.objects.filter(community=community, name=name).first()
        if theme is None:
            theme = Theme(community=community, name=name)
            theme.save()
        found.append(theme)
    return found
