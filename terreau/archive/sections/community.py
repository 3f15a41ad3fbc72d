"""The community itself: its name, purpose, dates and phase, its themes, and (for members) its
definition: why it exists, its objectives, scope, unique value and who belongs."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.communities.models import Phase, Theme
from terreau.definition.models import CommunityDefinition, Objective, ObjectiveKind

from .base import ExportContext, LoadContext, Record, Section

KIND = "community.community"
DEFINITION_FIELDS = ("why", "objectives_summary", "scope", "unique_value", "permanent_members", "guests", "not_members")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _definition(ctx: ExportContext) -> dict | None:
    """What members read of the definition (definition.view is a member's), as its visibility allows."""
    if ctx.scope == "public":
        return None
    definition = CommunityDefinition.objects.filter(community=ctx.community).first()
    if definition is None or definition.visibility not in ctx.visibilities:
        return None
    return {
        **{name: getattr(definition, name) for name in DEFINITION_FIELDS},
        "visibility": definition.visibility,
        "objectives": [
            {"kind": objective.kind, "goals": objective.goals}
            for objective in sorted(
                Objective.objects.filter(community=ctx.community), key=lambda objective: objective.position
            )
        ],
    }


def export(ctx: ExportContext) -> Iterator[Record]:
    community = ctx.community
    yield {
        "kind": KIND,
        "id": f"{KIND}:{community.pk}",
        "name": community.name,
        "slug": community.slug,
        "purpose": community.purpose,
        "listing": community.listing,
        "phase": community.phase,
        "time_zone": community.time_zone,
        "created_at": _iso(community.created_at),
        "themes": [
            {"id": f"community.theme:{theme.pk}", "name": theme.name}
            for theme in Theme.objects.filter(community=community).order_by("slug", "pk")
        ],
        "definition": _definition(ctx),
    }


def load(ctx: LoadContext, records) -> None:
    community = ctx.community
    for record in records:
        community.purpose = record["purpose"]
        community.save(update_fields=["purpose"])
        ctx.remember(record["id"], community)
        for theme in record.get("themes", []):
            found = Theme.objects.filter(community=community, name=theme["name"]).first()
            if found is None:
                found = Theme(community=community, name=theme["name"])
                found.save()
            ctx.remember(theme["id"], found)
        definition = record.get("definition")
        if definition:
            CommunityDefinition.objects.update_or_create(
                community=community,
                defaults={
                    **{name: definition.get(name, "") for name in DEFINITION_FIELDS},
                    "visibility": definition["visibility"],
                },
            )
            for objective in definition.get("objectives", []):
                Objective.objects.update_or_create(
                    community=community, kind=objective["kind"], defaults={"goals": objective["goals"]}
                )


def definition_parts(record: Record) -> list[tuple[str, str]]:
    """(heading, Markdown) of the definition's answers that have text, then the objectives."""
    definition = record.get("definition") or {}
    labels = {field.name: str(field.verbose_name) for field in CommunityDefinition._meta.fields}
    parts = [(labels.get(name, name), definition[name]) for name in DEFINITION_FIELDS if definition.get(name)]
    for objective in definition.get("objectives", []):
        try:
            heading = str(ObjectiveKind(objective["kind"]).label)
        except ValueError:
            heading = objective["kind"]
        parts.append((heading, objective["goals"]))
    return parts


def phase_label(record: Record) -> str:
    try:
        return str(Phase(record["phase"]).label)
    except ValueError:
        return record["phase"]


def markdown(record: Record) -> str:
    lines = [f"# {record['name']}", "", record["purpose"], ""]
    lines += [f"- {_('Created')}: {record['created_at'][:10]}", f"- {_('Phase')}: {phase_label(record)}"]
    if record["themes"]:
        lines.append(f"- {_('Themes')}: " + ", ".join(theme["name"] for theme in record["themes"]))
    lines.append("")
    for heading, text in definition_parts(record):
        lines += [f"## {heading[:1].upper()}{heading[1:]}", "", text, ""]
    return "\n".join(lines)


SECTION = Section(
    key="community",
    title=gettext_lazy("The community"),
    kinds=(KIND,),
    export=export,
    load=load,
    page_template="archive/site/community.html",
    markdown=markdown,
    label=lambda record: record["name"],
    date=lambda record: record.get("created_at") or "",
)
