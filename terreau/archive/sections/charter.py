"""The charter: the versions the community adopted, as members (or visitors, when the community
and its charter are public) read the charter; drafts stay with the core team."""

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from terreau.charter.models import Charter, CharterVersion
from terreau.charter.models import Section as CharterSection
from terreau.core.models import Visibility

from .base import ExportContext, LoadContext, Record, Section

KIND = "charter.version"


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def readable(ctx: ExportContext, charter: Charter) -> bool:
    """Whether the archive's reader reads the adopted charter (charter.permissions.can_read_adopted)."""
    if charter.visibility not in ctx.visibilities:
        return False
    return ctx.scope != "public" or (ctx.community.is_public and charter.visibility == Visibility.PUBLIC)


def export(ctx: ExportContext) -> Iterator[Record]:
    charter = Charter.objects.filter(community=ctx.community).first()
    if charter is None or charter.adopted_version_id is None or not readable(ctx, charter):
        return
    versions = (
        CharterVersion.objects.filter(charter=charter, adopted_at__isnull=False)
        .select_related("author", "adopted_by")
        .order_by("number")
    )
    for version in versions:
        yield {
            "kind": KIND,
            "id": f"{KIND}:{version.number}",
            "number": version.number,
            "sections": {key: text for key, text in sorted(version.sections.items()) if text},
            "note": version.note,
            "author": ctx.person(version.author),
            "saved_at": _iso(version.saved_at),
            "adopted_at": _iso(version.adopted_at),
            "adopted_by": ctx.person(version.adopted_by),
            "current": version.pk == charter.adopted_version_id,
            "visibility": charter.visibility,
        }


def load(ctx: LoadContext, records) -> None:
    charter = None
    for record in records:
        if charter is None:
            charter, _created = Charter.objects.get_or_create(
                community=ctx.community, defaults={"visibility": record["visibility"]}
            )
        version = CharterVersion.objects.create(
            charter=charter,
            number=record["number"],
            sections=record["sections"],
            note=record.get("note", ""),
            author=ctx.person(record.get("author")),
            adopted_at=record.get("adopted_at"),
            adopted_by=ctx.person(record.get("adopted_by")),
        )
        CharterVersion.objects.filter(pk=version.pk).update(saved_at=record["saved_at"])
        if record.get("current"):
            charter.adopted_version = version
            charter.visibility = record["visibility"]
            charter.save(update_fields=["adopted_version", "visibility"])
        ctx.remember(record["id"], version)


def sections_of(record: Record) -> list[tuple[str, str]]:
    """(heading, Markdown) of the version's sections with text, in the guide's order."""
    texts = record.get("sections") or {}
    known = [(str(section.label), texts[section.value]) for section in CharterSection if texts.get(section.value)]
    others = [(key, text) for key, text in texts.items() if key not in CharterSection.values and text]
    return known + others


def label(record: Record) -> str:
    title = _("Charter, version %(number)s") % {"number": record["number"]}
    return title + (" " + _("(adopted, in force)") if record.get("current") else "")


def markdown(record: Record) -> str:
    lines = [f"# {label(record)}", ""]
    if record.get("adopted_at"):
        lines += [_("Adopted on %(date)s.") % {"date": record["adopted_at"][:10]}, ""]
    if record.get("note"):
        lines += [record["note"], ""]
    for heading, text in sections_of(record):
        lines += [f"## {heading}", "", text, ""]
    return "\n".join(lines)


SECTION = Section(
    key="charter",
    title=gettext_lazy("Charter"),
    kinds=(KIND,),
    export=export,
    load=load,
    page_template="archive/site/charter.html",
    markdown=markdown,
    label=label,
    date=lambda record: record.get("adopted_at") or "",
)
