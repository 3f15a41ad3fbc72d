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


def _choices() -> dict:
    from terreau.circles.models import CircleKind, Joining
    from terreau.communities.models import RoleKind
    from terreau.core.models import Visibility
    from terreau.decisions.models import ProposalStep, Response, State, Tension
    from terreau.events.models import Event, EventKind, Format, Registration
    from terreau.exchanges.models import HelpPost
    from terreau.retrospectives.models import Column, Retrospective
    from terreau.stats.models import Granularity

    return {
        "circle_kind": CircleKind,
        "joining": Joining,
        "role_kind": RoleKind,
        "visibility": Visibility,
        "proposal_state": State,
        "response_kind": Response.Kind,
        "objection_status": Response.Status,
        "tension_status": Tension.Status,
        "step_kind": ProposalStep.Kind,
        "event_kind": EventKind,
        "format": Format,
        "event_status": Event.Status,
        "registration_status": Registration.Status,
        "help_kind": HelpPost.Kind,
        "help_status": HelpPost.Status,
        "column": Column,
        "retrospective_status": Retrospective.Status,
        "granularity": Granularity,
    }


@register.filter
def choice(value, name: str) -> str:
    """The words of a stored choice in the reader's language: {{ record.state|choice:"proposal_state" }}."""
    choices = _choices().get(name)
    if choices is None or value in (None, ""):
        return value or ""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@register.simple_tag
def retrospective_columns():
    """The guide's five columns, in its order: (value, words)."""
    from terreau.retrospectives.models import Column

    return Column.choices


@register.filter
def in_column(cards, column: str) -> list:
    return [card for card in cards or () if card.get("column") == column]


@register.filter
def in_group(cards, number) -> list:
    """The cards of a retrospective's group (its number), or those in no group (None)."""
    return [card for card in cards or () if card.get("group") == number]
