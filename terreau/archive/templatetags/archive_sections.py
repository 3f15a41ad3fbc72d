"""Filters of the archive's section pages: a person's name from their id, an ISO date as a date."""

from datetime import date, datetime

from django import template

register = template.Library()


@register.filter
def person(person_id, people) -> str:
    """The name of "person:3" among the archive's `people` ({id: name}, or {id: {"name": …}})."""
    if not person_id or not people:
        return ""
    found = people.get(person_id) if hasattr(people, "get") else None
    if isinstance(found, dict):
        found = found.get("name")
    return str(found or "")


@register.filter
def when(value):
    """An ISO 8601 string of the archive as a date or a time, for the `date` filter."""
    if not value or not isinstance(value, str):
        return value
    try:
        return datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    except ValueError:
        return value
