"""Write a community's archive: one ZIP holding a static website, the data as JSON Lines and
Markdown, and the attachments (format.py describes the layout).

Memory stays flat whatever the community's size: each section's records are read once, each
written as it comes (its JSON line to a temporary file copied into the ZIP after the section,
its Markdown and its page straight into the ZIP); only (id, label, date, page) of each record is
kept, for the list pages. Files are streamed into the ZIP in chunks, once per content.
"""

import gc
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import PurePath

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from terreau.accounts.models import NEUTRAL_NAME
from terreau.communities.models import Phase
from terreau.permissions import VISIBLE_AT, Standing

from . import format
from .models import Scope
from .sections import SECTIONS, Section

CHUNK = 1024 * 1024
COLLECT_EVERY = 1000
# Fixed times in the ZIP's entries: the same community gives the same bytes (built_at aside).
ENTRY_TIME = (1980, 1, 1, 0, 0, 0)


def visibilities_for(scope: str) -> list[str]:
    """What an archive of `scope` may hold: what a visitor, or a member, may see."""
    return list(VISIBLE_AT[Standing.VISITOR if scope == Scope.PUBLIC else Standing.MEMBER])


class _Hashing:
    """A writable that passes bytes on and hashes them."""

    def __init__(self, target):
        self.target = target
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.target.write(data)


class Builder:
    """Writes the ZIP; an ExportContext for the sections (sections/base.py)."""

    def __init__(self, community, scope: str, zf: zipfile.ZipFile, *, language: str):
        self.community = community
        self.scope = scope
        self.visibilities = visibilities_for(scope)
        self.language = language
        self.zf = zf
        self.folder = format.root(community.slug)
        self.files: dict[str, str] = {}  # path: sha256
        self._people: dict[int, str] = {}  # user pk: person id
        self.people: dict[str, str] = {}  # person id: name
        self._stored: dict[str, str] = {}  # sha256: path of a stored file
        self.links: dict[str, str] = {}  # record id: page path (from the folder)
        self.nav: list[dict] = []  # the sections, on every page

    # The ExportContext ------------------------------------------------------------------------

    def person(self, user_or_membership) -> str | None:
        if user_or_membership is None:
            return None
        user = getattr(user_or_membership, "user", user_or_membership)
        if user is None or getattr(user, "pk", None) is None:
            return None
        found = self._people.get(user.pk)
        if found is None:
            found = f"person:{len(self._people) + 1}"
            self._people[user.pk] = found
            # The name others saw, never the address: an account without a name is "Person n".
            if user.erased_at is not None:
                name = str(NEUTRAL_NAME)
            else:
                name = (user.display_name or "").strip() or _("Person %(number)s") % {"number": len(self._people)}
            self.people[found] = name
        return found

    def file(self, field_file, name: str | None = None) -> str:
        sha = hashlib.sha256()
        with field_file.open("rb") as source:
            while chunk := source.read(CHUNK):
                sha.update(chunk)
        digest = sha.hexdigest()
        if digest in self._stored:
            return self._stored[digest]
        base = PurePath(name or field_file.name or "file").name
        path = format.file_path(digest, get_valid_filename(base)[:120] or "file")
        with field_file.open("rb") as source, self._open(path) as target:
            while chunk := source.read(CHUNK):
                target.write(chunk)
        self.files[path] = digest
        self._stored[digest] = path
        return path

    # Writing ----------------------------------------------------------------------------------

    def _open(self, path: str):
        info = zipfile.ZipInfo(self.folder + path, date_time=ENTRY_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return self.zf.open(info, "w", force_zip64=True)

    def write_bytes(self, path: str, data: bytes) -> None:
        with self._open(path) as target:
            target.write(data)
        self.files[path] = hashlib.sha256(data).hexdigest()

    def write_text(self, path: str, text: str) -> None:
        self.write_bytes(path, text.encode())

    def copy_in(self, path: str, source) -> None:
        """A temporary file into the ZIP, in chunks."""
        source.seek(0)
        with self._open(path) as target:
            hashing = _Hashing(target)
            while chunk := source.read(CHUNK):
                hashing.write(chunk)
        self.files[path] = hashing.sha.hexdigest()

    def render(self, template: str, context: dict, *, depth: int) -> str:
        return render_to_string(
            template,
            {
                "root": "../" * depth,
                "lang": self.language,
                "community": self.community_info,
                "scope": self.scope,
                "people": self.people,
                "links": self.links,
                "nav": self.nav,
                **context,
            },
        )

    # The archive ------------------------------------------------------------------------------

    @property
    def community_info(self) -> dict:
        community = self.community
        return {
            "name": community.name,
            "slug": community.slug,
            "description": community.purpose,
            "purpose": community.purpose,
            "listing": community.listing,
            "phase": community.phase,
            "time_zone": community.time_zone,
            "created_at": community.created_at.isoformat(),
        }

    def write_section(self, section: Section) -> tuple[list[tuple[str, str, str, str]], dict[str, int]]:
        """Every record of `section`: its JSON line, Markdown and page. Returns the list-page
        entries (id, label, date, page path or "") and the count per kind."""
        entries: list[tuple[str, str, str, str]] = []
        counts: dict[str, int] = dict.fromkeys(section.kinds, 0)
        with tempfile.TemporaryFile() as data:
            for record in section.export(self):
                data.write(json.dumps(record, ensure_ascii=False, sort_keys=True).encode() + b"\n")
                counts[record["kind"]] = counts.get(record["kind"], 0) + 1
                name = format.record_name(record["id"])
                page = ""
                if section.page_template:
                    page = format.page_path(section.key, name)
                    self.links[record["id"]] = page
                    html = self.render(
                        section.page_template,
                        {"record": record, "section": section, "page_title": section.label(record)},
                        depth=1,
                    )
                    self.write_text(page, html)
                if section.markdown is not None:
                    self.write_text(format.markdown_path(section.key, name), section.markdown(record))
                entries.append((record["id"], section.label(record), section.date(record), page))
                if len(entries) % COLLECT_EVERY == 0:
                    # The ORM's objects of a section's chunks may hold each other in cycles, which
                    # the collector frees only when it comes around: now, so memory stays flat.
                    gc.collect()
            self.copy_in(format.data_path(section.key), data)
        return entries, counts

    def write_list(self, section: Section, entries: list[tuple[str, str, str, str]], counts: dict[str, int]) -> None:
        size = format.PAGE_SIZE
        pages = max(1, -(-len(entries) // size))
        for number in range(1, pages + 1):
            chunk = entries[(number - 1) * size : number * size]
            html = self.render(
                "archive/site/list.html",
                {
                    "section": section,
                    "entries": [
                        {"id": id, "label": label, "date": date, "href": "../" + page if page else ""}
                        for id, label, date, page in chunk
                    ],
                    "number": number,
                    "pages": [
                        {"number": n, "href": "../" + format.list_page_path(section.key, n)}
                        for n in range(1, pages + 1)
                    ]
                    if pages > 1
                    else [],
                    "total": len(entries),
                    "start": (number - 1) * size + 1,
                    "counts": counts,
                    "page_title": section.title,
                },
                depth=1,
            )
            self.write_text(format.list_page_path(section.key, number), html)

    def build(self, sections: Iterable[Section]) -> dict:
        sections = list(sections)
        self.nav = [
            {"key": section.key, "title": str(section.title), "href": format.list_page_path(section.key, 1)}
            for section in sections
        ]
        counts: dict[str, int] = {}
        written = []
        for section in sections:
            entries, section_counts = self.write_section(section)
            self.write_list(section, entries, section_counts)
            counts.update(section_counts)
            written.append(
                {
                    "key": section.key,
                    "title": str(section.title),
                    "href": format.list_page_path(section.key, 1),
                    "total": len(entries),
                }
            )
            del entries
        self.write_text(
            format.PEOPLE,
            "".join(
                json.dumps({"id": id, "name": name}, ensure_ascii=False, sort_keys=True) + "\n"
                for id, name in sorted(self.people.items(), key=lambda pair: int(pair[0].split(":")[1]))
            ),
        )
        counts["person"] = len(self.people)
        built_at = timezone.now()
        self.write_text(
            "index.html",
            self.render(
                "archive/site/index.html",
                {
                    "sections": written,
                    "counts": counts,
                    "built_at": built_at,
                    "page_title": "",
                    "phase_label": Phase(self.community.phase).label,
                    "people_count": len(self.people),
                },
                depth=0,
            ),
        )
        self.write_text("assets/style.css", render_to_string("archive/site/style.css"))
        self.write_text(
            "README.txt",
            render_to_string(
                "archive/site/README.txt",
                {"community": self.community_info, "scope": self.scope, "built_at": built_at, "root": self.folder},
            ),
        )
        manifest = {
            "format": format.FORMAT,
            "version": format.VERSION,
            "community": self.community_info,
            "scope": self.scope,
            "built_at": built_at.isoformat(),
            "language": self.language,
            "sections": [section.key for section in sections],
            "counts": dict(sorted(counts.items())),
            "files": dict(sorted(self.files.items())),
        }
        with self._open(format.MANIFEST) as target:
            target.write(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True).encode())
        return manifest


def write(
    community, scope: str, out, *, language: str | None = None, sections: Iterable[Section] | None = None
) -> dict:
    """Write the archive of `community` for `scope` (models.Scope) to the binary file `out`;
    returns the manifest. In `language` (default: the site's), dates in the community's time zone."""
    language = language or settings.LANGUAGE_CODE
    with (
        translation.override(language),
        timezone.override(community.time_zone),
        zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf,
    ):
        return Builder(community, scope, zf, language=language).build(SECTIONS if sections is None else sections)


def size_of(out) -> int:
    out.seek(0, os.SEEK_END)
    return out.tell()
