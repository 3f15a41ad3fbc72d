"""Filters of the archive's static pages (templates/archive/site/): no server reads them, so
every link they make is relative and nothing they show is fetched from elsewhere."""

import re
from datetime import date, datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.safestring import mark_safe

from terreau.core import markdown as core_markdown

register = template.Library()

# A picture from elsewhere would be fetched when the page opens: it becomes its description.
_REMOTE_IMAGE = re.compile(r"<img\b[^>]*?\bsrc=\"(?:[a-z]+:|//|/)[^\"]*\"[^>]*>", re.IGNORECASE)
_ALT = re.compile(r"\balt=\"([^\"]*)\"", re.IGNORECASE)
# A link to a page of the Terreau it came from ("/c/…") leads nowhere once on disk.
_SITE_LINK = re.compile(r"<a\b([^>]*?)\bhref=\"/[^\"]*\"([^>]*)>", re.IGNORECASE)


def _image_text(match: re.Match) -> str:
    alt = _ALT.search(match.group(0))
    return alt.group(1) if alt else ""


@register.filter
def markdown(text) -> str:
    """Markdown as safe HTML, for a page read from disk."""
    html = str(core_markdown.render(str(text or "")))
    html = _REMOTE_IMAGE.sub(_image_text, html)
    html = _SITE_LINK.sub(r"<a\1\2>", html)
    return mark_safe(html)  # the Markdown renderer cleaned it; only removals since


@register.filter
def person(person_id, people) -> str:
    """The name of a person id of the archive (given the page's `people`)."""
    if not person_id:
        return ""
    return (people or {}).get(person_id, "")


@register.simple_tag(takes_context=True)
def record_link(context, record_id) -> str:
    """The relative address of a record's page, or "" when the archive has none."""
    page = (context.get("links") or {}).get(record_id)
    return f"{context.get('root', '')}{page}" if page else ""


@register.filter
def isodate(value, with_time: bool = False) -> str:
    """An ISO 8601 date of a record, in the page's language."""
    if not value:
        return ""
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if len(str(value)) > 10:
        if timezone.is_aware(parsed):
            parsed = timezone.localtime(parsed)  # in the community's zone (builder.write)
        return date_format(parsed, "DATETIME_FORMAT" if with_time else "DATE_FORMAT")
    return date_format(date(parsed.year, parsed.month, parsed.day), "DATE_FORMAT")


# What the sections' pages show of a record (each section's module knows its own record).


@register.filter
def knowledge_fields(record) -> list:
    from terreau.archive.sections import knowledge

    return knowledge.item_fields(record)


@register.filter
def knowledge_type(record) -> str:
    from terreau.archive.sections import knowledge

    return knowledge.type_label(record)


@register.filter
def knowledge_status(record) -> str:
    from terreau.knowledge.models import ItemStatus

    try:
        return str(ItemStatus(record["status"]).label)
    except ValueError:
        return record["status"]


@register.filter
def charter_sections(record) -> list:
    from terreau.archive.sections import charter

    return charter.sections_of(record)


@register.filter
def community_definition(record) -> list:
    from terreau.archive.sections import community

    return community.definition_parts(record)


@register.filter
def visibility_label(value) -> str:
    from terreau.core.models import Visibility

    try:
        return str(Visibility(value).label)
    except ValueError:
        return str(value or "")
