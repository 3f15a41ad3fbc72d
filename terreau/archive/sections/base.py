"""The contract between the archive's builder and loader and its sections."""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol

from django_stubs_ext import StrOrPromise

Record = dict[str, Any]


class ExportContext(Protocol):
    """What a section's export is given (builder.py implements it)."""

    community: Any  # communities.Community
    scope: str  # models.Scope
    visibilities: list[str]  # the core.Visibility values this scope may see

    def person(self, user_or_membership) -> str | None:
        """The person id ("person:3") of a user or a membership; None for nobody. The builder
        writes data/people.jsonl from the people named, with their display name only."""

    def file(self, field_file, name: str | None = None) -> str:
        """Put a stored file in the ZIP (streamed, once per content) and return its path."""


class LoadContext(Protocol):
    """What a section's load is given (loader.py implements it)."""

    community: Any  # the new community
    actor: Any  # the person importing

    def person(self, person_id: str | None) -> Any:
        """The user who stands for a person of the archive in this instance: a former member
        with the archived name, no email and no password (None for None)."""

    def membership(self, person_id: str | None) -> Any:
        """That person's membership of the new community (status left), for things that name one."""

    def file(self, path: str) -> Any:
        """A django File over that file of the ZIP, to save into a FileField."""

    def remember(self, record_id: str, thing: Any) -> None:
        """Note what a record became, for the records after it that name it."""

    def lookup(self, record_id: str | None) -> Any:
        """What an earlier record became (None for None or a record this archive did not hold)."""


@dataclass(frozen=True)
class Section:
    key: str  # its folder and data file: "knowledge"
    title: StrOrPromise  # the heading of its pages
    # The record kinds it writes, counted in the manifest: ("knowledge.item",)
    kinds: tuple[str, ...]
    # Yields the records, streamed: a query iterated in chunks, never a whole table in memory.
    export: Callable[[ExportContext], Iterator[Record]]
    # Recreates them in the new community, in the order they were written.
    load: Callable[[LoadContext, Iterable[Record]], None]
    # The template of one record's page (given `record`, `people`, `section`), or None when the
    # section's records show only on its list page.
    page_template: str | None = None
    # One record as Markdown, or None for no file.
    markdown: Callable[[Record], str] | None = None
    # The record's title and date on the list page (and its file name is built from its id).
    label: Callable[[Record], str] = field(default=lambda record: str(record.get("title") or record["id"]))
    # Added by the builder: the date the list page shows beside the label ("" for none).
    date: Callable[[Record], str] = field(default=lambda record: record_date(record))


DATE_KEYS = ("date", "held_on", "published_at", "saved_at", "created_at")


def record_date(record: Record) -> str:
    """The first date a record has among DATE_KEYS, as written (ISO 8601), or ""."""
    for key in DATE_KEYS:
        if record.get(key):
            return str(record[key])
    return ""
