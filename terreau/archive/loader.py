"""Import an archive (format.py) into a new community of this instance.

`load()` checks the whole ZIP before it creates anything: that it is a ZIP and a Terreau archive
of a version this instance reads, that it stays within the size caps (read from its central
directory, before a byte is inflated), that no path leaves its folder, and that every file the
manifest lists has the fingerprint the manifest gives. Then, in one transaction, it creates the
community, gives the importing person its core team, and hands each section its records, streamed
from data/<section>.jsonl. The people the records name become former members: an account that
stands for them in this instance, with their archived name, no email, no password, never active.

Nothing of the archive's own ids is ever looked up in this instance: a record names other records
and people by the archive's ids, which `LoadContext` maps to what they became here.
"""

import hashlib
import io
import json
import re
import struct
import uuid
import zipfile
import zlib
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import models, transaction
from django.db.models.signals import post_save
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from terreau import permissions
from terreau.accounts.models import NEUTRAL_NAME, User
from terreau.audit import services as audit
from terreau.communities import selectors as community_selectors
from terreau.communities import services as community_services
from terreau.communities.models import Community, Membership, Phase

from . import format
from . import sections as registry
from .permissions import IMPORT
from .sections import Record

# The address of an account that stands for a person of an archive: unique, never deliverable
# (.invalid is reserved), like core.personal_data.ERASED_EMAIL for an erased account.
ARCHIVED_EMAIL = "archived-%(uuid)s@archive.invalid"

# The caps, when the settings do not say (TERREAU_ARCHIVE_IMPORT_*): far above a real archive.
MAX_BYTES = 2 * 1024**3  # the ZIP itself
MAX_EXPANDED_BYTES = 10 * 1024**3  # everything it holds, unpacked
MAX_MEMBERS = 200_000
MAX_DIRECTORY_BYTES = 64 * 1024**2
MAX_MANIFEST_BYTES = 64 * 1024**2
MAX_RATIO = 1_000  # a member may not claim to inflate more than this (zlib's own limit is near it)
RATIO_FROM = 1024**2
MAX_LINE_BYTES = 64 * 1024**2  # one record
READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
CHUNK = 1024 * 1024

END_OF_DIRECTORY, END_RECORD = b"PK\x05\x06", 22
ZIP64_SIGNATURE, ZIP64_RECORD = b"PK\x06\x06", 56
ZIP64_LOCATOR_SIGNATURE, ZIP64_LOCATOR = b"PK\x06\x07", 20
DRIVE = re.compile(r"^[A-Za-z]:")


def max_bytes() -> int:
    return getattr(settings, "TERREAU_ARCHIVE_IMPORT_MAX_BYTES", MAX_BYTES)


def max_expanded_bytes() -> int:
    return getattr(settings, "TERREAU_ARCHIVE_IMPORT_MAX_EXPANDED_BYTES", MAX_EXPANDED_BYTES)


def max_members() -> int:
    return getattr(settings, "TERREAU_ARCHIVE_IMPORT_MAX_MEMBERS", MAX_MEMBERS)


# Validation ----------------------------------------------------------------------------------


def _refuse(message: str, code: str, **params) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


def not_a_zip() -> ValidationError:
    return _refuse(_("This file is not a ZIP archive."), "not_zip")


def not_terreau() -> ValidationError:
    return _refuse(
        _("This ZIP is not a Terreau archive: it holds no manifest of a community's archive (manifest.json)."),
        "not_terreau",
    )


def damaged(path: str) -> ValidationError:
    return _refuse(
        _(
            "The archive is damaged or was changed after it was made: “%(path)s” does not match the "
            "fingerprint its manifest gives. Download the archive again from where it was made."
        )
        % {"path": path},
        "tampered",
    )


def _size_of(handle) -> int:
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return size


def _check_size(handle) -> None:
    if _size_of(handle) > max_bytes():
        raise _refuse(
            _("The archive is larger than %(max)s: it cannot be imported here.") % {"max": filesizeformat(max_bytes())},
            "too_large",
        )


def _check_directory(handle) -> None:
    """Read the ZIP's end records before zipfile does: zipfile loads the whole central directory
    they announce, however many members it lists."""
    size = _size_of(handle)
    start = max(0, size - END_RECORD - 65_535)  # the end record follows a comment of 64 kB at most
    handle.seek(start)
    tail = handle.read()
    handle.seek(0)
    at = tail.rfind(END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < END_RECORD:
        raise not_a_zip()
    count, directory_size = struct.unpack("<10xHL6x", tail[at : at + END_RECORD])
    locator = start + at - ZIP64_LOCATOR
    if locator >= ZIP64_RECORD:
        handle.seek(locator - ZIP64_RECORD)
        record = handle.read(ZIP64_RECORD + ZIP64_LOCATOR)
        handle.seek(0)
        if record[ZIP64_RECORD:].startswith(ZIP64_LOCATOR_SIGNATURE) and record.startswith(ZIP64_SIGNATURE):
            count, directory_size = struct.unpack("<32xQQ8x", record[:ZIP64_RECORD])
    if count > max_members() or directory_size > MAX_DIRECTORY_BYTES:
        raise _too_much()


def _too_much() -> ValidationError:
    return _refuse(
        _("Once unpacked, the archive would take more than %(max)s, or hold too many files: it is refused.")
        % {"max": filesizeformat(max_expanded_bytes())},
        "too_large_unpacked",
    )


def _escapes(name: str) -> bool:
    """Whether a member's path would leave the archive's folder (a “zip slip”)."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or DRIVE.match(name):
        return True
    return any(part == ".." for part in name.split("/"))


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > max_members():
        raise _too_much()
    expanded = 0
    for member in members:
        if _escapes(member.filename):
            raise _refuse(
                _("The archive holds a path that leaves its folder (“%(path)s”): it is refused.")
                % {"path": member.filename[:200]},
                "unsafe_path",
            )
        expanded += member.file_size
        too_dense = member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        if too_dense or expanded > max_expanded_bytes():
            raise _too_much()


class Archive:
    """An open, checked ZIP: its folder, its manifest, and its members by their path in the folder."""

    def __init__(self, handle):
        self.handle = handle
        _check_size(handle)
        _check_directory(handle)
        try:
            self.zip = zipfile.ZipFile(handle)
            members = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
            raise not_a_zip() from error
        _check_members(members)
        self.root = self._find_root(members)
        self.members = {
            member.filename[len(self.root) :]: member
            for member in members
            if member.filename.startswith(self.root) and not member.is_dir()
        }
        self.manifest = self._read_manifest()
        self.opened: list = []

    def close(self):
        for handle in self.opened:
            handle.close()
        self.zip.close()

    @staticmethod
    def _find_root(members) -> str:
        """The folder the manifest is in: the ZIP's root, or the one folder at its top."""
        found = [
            member.filename[: -len(format.MANIFEST)]
            for member in members
            if member.filename == format.MANIFEST or member.filename.endswith("/" + format.MANIFEST)
        ]
        found = [root for root in found if root.count("/") <= 1]
        if len(found) != 1:
            raise not_terreau()
        return found[0]

    def open(self, path: str):
        member = self.members.get(path)
        if member is None:
            raise _refuse(
                _("The archive does not hold “%(path)s”, which its manifest or its records name.") % {"path": path},
                "missing",
            )
        if member.compress_type not in READABLE:
            raise _refuse(
                _("The archive compresses “%(path)s” in a way Terreau does not read.") % {"path": path}, "compression"
            )
        handle = self.zip.open(member)
        self.opened.append(handle)
        return handle

    def _read_manifest(self) -> dict:
        member = self.members[format.MANIFEST]
        if member.file_size > MAX_MANIFEST_BYTES:
            raise not_terreau()
        try:
            with self.zip.open(member) as handle:
                manifest = json.loads(handle.read(MAX_MANIFEST_BYTES + 1))
        except (ValueError, zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as error:
            raise not_terreau() from error
        if not isinstance(manifest, dict) or manifest.get("format") != format.FORMAT:
            raise not_terreau()
        version = manifest.get("version")
        if not isinstance(version, int) or version < 1:
            raise not_terreau()
        if version > format.VERSION:
            raise _refuse(
                _(
                    "This archive was made by a newer version of Terreau (format %(found)s; this instance "
                    "reads up to format %(known)s). Update Terreau, then import it again."
                )
                % {"found": version, "known": format.VERSION},
                "newer_version",
            )
        if not isinstance(manifest.get("files", {}), dict) or not isinstance(manifest.get("community", {}), dict):
            raise not_terreau()
        return manifest

    def check_fingerprints(self) -> None:
        """Every file the manifest lists is there, with the fingerprint it gives (read in chunks)."""
        for path, expected in self.manifest.get("files", {}).items():
            if _escapes(str(path)):
                raise damaged(str(path))
            member = self.members.get(path)
            if member is None or not isinstance(expected, str):
                raise damaged(path)
            digest = hashlib.sha256()
            try:
                with self.open(path) as handle:
                    while chunk := handle.read(CHUNK):
                        digest.update(chunk)
            except (zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
                raise damaged(path) from error
            if digest.hexdigest() != expected.lower():
                raise damaged(path)

    def records(self, path: str) -> Iterator[Record]:
        """The records of a data file, one at a time (never the whole file in memory)."""
        with self.open(path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8")
            number = 0
            while True:
                try:
                    line = text.readline(MAX_LINE_BYTES)
                except (UnicodeDecodeError, zipfile.BadZipFile, OSError, EOFError, zlib.error) as error:
                    raise damaged(path) from error
                if not line:
                    return
                number += 1
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except ValueError:
                    record = None
                if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                    raise _refuse(
                        _("Line %(line)s of “%(path)s” is not a record Terreau can read.")
                        % {"line": number, "path": path},
                        "bad_record",
                    )
                yield record


# What the load is given ----------------------------------------------------------------------


class ArchiveFile(File):
    """A file of the ZIP, read as it is saved (streamed), with the size the ZIP gives."""

    def __init__(self, handle, name: str, size: int):
        super().__init__(handle, name=name)
        self.size = size


class Context:
    """LoadContext (sections/base.py): the new community, and the archive's ids mapped to what
    they became here."""

    def __init__(self, archive: Archive, community: Community, actor: User):
        self.archive = archive
        self.community = community
        self.actor = actor
        self.names = self._read_people()
        self.people: dict[str, User] = {}
        self.memberships: dict[str, Membership] = {}
        self.things: dict[str, object] = {}

    def _read_people(self) -> dict[str, str]:
        if format.PEOPLE not in self.archive.members:
            return {}
        names = {}
        for record in self.archive.records(format.PEOPLE):
            name = record.get("name")
            names[record["id"]] = " ".join(str(name).split())[:120] if name else ""
        return names

    def person(self, person_id: str | None) -> User | None:
        if person_id is None:
            return None
        if person_id not in self.people:
            # Someone the records name but people.jsonl does not: the name a deleted account shows.
            user = User(
                email=ARCHIVED_EMAIL % {"uuid": uuid.uuid4().hex},
                display_name=self.names.get(person_id) or str(NEUTRAL_NAME),
                is_active=False,
            )
            user.set_unusable_password()
            user.save()
            self.people[person_id] = user
        return self.people[person_id]

    def membership(self, person_id: str | None) -> Membership | None:
        if person_id is None:
            return None
        if person_id not in self.memberships:
            user = self.person(person_id)
            now = timezone.now()
            self.memberships[person_id] = Membership.objects.create(
                community=self.community,
                user=user,
                status=Membership.Status.LEFT,
                joined_at=now,
                ended_at=now,
            )
        return self.memberships[person_id]

    def file(self, path: str) -> ArchiveFile:
        if not path.startswith("files/") or _escapes(path):
            raise damaged(path)
        if path not in self.archive.manifest.get("files", {}):
            raise damaged(path)  # a file nobody vouched for: never taken into the instance
        member = self.archive.members.get(path)
        if member is None:
            raise damaged(path)
        return ArchiveFile(self.archive.open(path), PurePosixPath(path).name, member.file_size)

    def remember(self, record_id: str, thing) -> None:
        self.things[record_id] = thing

    def lookup(self, record_id: str | None):
        if record_id is None:
            return None
        return self.things.get(record_id)


# Files written to storage while loading, removed again when the load fails -------------------

_saved_files: ContextVar[list | None] = ContextVar("archive_saved_files", default=None)


def _note_files(sender, instance, **kwargs):
    saved = _saved_files.get()
    if saved is None:
        return
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.FileField):
            value = getattr(instance, field.attname)
            if value and value.name:
                saved.append((value.storage, value.name))


@contextmanager
def _removed_on_failure():
    """The files the load saves go again if it fails: the rolled-back rows no longer name them."""
    saved: list = []
    token = _saved_files.set(saved)
    uid = f"archive-load-{uuid.uuid4().hex}"
    post_save.connect(_note_files, dispatch_uid=uid, weak=False)
    try:
        yield
    except BaseException:
        for storage, name in saved:
            try:
                storage.delete(name)
            except OSError:
                pass
        raise
    finally:
        post_save.disconnect(dispatch_uid=uid)
        _saved_files.reset(token)


# The load ------------------------------------------------------------------------------------


def free_slug(slug: str) -> str:
    return community_selectors.community_slug_suggest(slug) or f"archive-{uuid.uuid4().hex[:8]}"


@contextmanager
def _opened(source):
    if isinstance(source, (str, bytes)) or hasattr(source, "__fspath__"):
        with open(source, "rb") as handle:
            yield handle
    else:
        yield source


def read(source) -> dict:
    """Check an archive without importing it: its manifest, or the ValidationError saying why not."""
    with _opened(source) as handle:
        archive = Archive(handle)
        try:
            archive.check_fingerprints()
            return archive.manifest
        finally:
            archive.close()


def load(
    source,
    *,
    actor: User,
    name: str | None = None,
    slug: str | None = None,
    listing: str = Community.Listing.PRIVATE,
    phase: str = Phase.RUN,
) -> Community:
    """A new community from an archive (a path, or a binary file object of the ZIP).

    The community takes the archive's name, short address and purpose unless `name` and `slug`
    are given; it is private and running by default (it continues the work, it is not closed).
    The importing person is its first core team member. Raises ValidationError, having created
    nothing, for an archive it refuses.
    """
    permissions.require(actor, IMPORT)
    with _opened(source) as handle:
        archive = Archive(handle)
        try:
            archive.check_fingerprints()
            described = archive.manifest.get("community") or {}
            name = " ".join((name or str(described.get("name") or "")).split())[:120] or _("Imported community")
            slug = (slug or str(described.get("slug") or "")).strip()
            if not slug:
                slug = free_slug(name)
            if Community.objects.filter(slug=slug).exists():
                raise slug_taken(slug)
            with _removed_on_failure(), transaction.atomic():
                community = _community_create(
                    archive=archive,
                    actor=actor,
                    name=name,
                    slug=slug,
                    purpose=str(described.get("purpose") or described.get("description") or ""),
                    listing=listing,
                    phase=phase,
                )
                # The guide's roles, as every new community has them: an archived role of the
                # same kind takes the place of one (the roles section).
                community_services.roles_create_from_guide(community=community)
                context = Context(archive, community, actor)
                for section in registry.SECTIONS:
                    path = format.data_path(section.key)
                    if path in archive.members:
                        section.load(context, archive.records(path))
                audit.record(
                    actor=actor,
                    community=community,
                    action="community.imported",
                    target=community,
                    after={
                        "from": str(described.get("slug") or ""),
                        "scope": str(archive.manifest.get("scope") or ""),
                        "built_at": str(archive.manifest.get("built_at") or ""),
                        "people": len(context.people),
                    },
                )
        finally:
            archive.close()
    permissions.forget(actor, community)
    return community


def slug_taken(slug: str) -> ValidationError:
    free = free_slug(slug)
    return ValidationError(
        {
            "slug": ValidationError(
                _("The short address “%(slug)s” is already taken. Choose another, for example “%(free)s”.")
                % {"slug": slug, "free": free},
                code="slug_taken",
                params={"free": free},
            )
        }
    )


def _datetime(value):
    if not isinstance(value, str):
        return None
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if timezone.is_aware(found) else None


def _community_create(*, archive, actor, name, slug, purpose, listing, phase) -> Community:
    community = Community(
        name=name,
        slug=slug,
        purpose=purpose or _("Imported from an archive."),
        listing=listing,
        phase=phase,
        created_by=actor,
    )
    time_zone = (archive.manifest.get("community") or {}).get("time_zone")
    if isinstance(time_zone, str) and time_zone in zoneinfo.available_timezones():
        community.time_zone = time_zone
    community.full_clean()
    community.save()
    # The community goes on: it keeps the date it was founded.
    founded = _datetime((archive.manifest.get("community") or {}).get("created_at"))
    if founded is not None:
        Community.objects.filter(pk=community.pk).update(created_at=founded)
        community.created_at = founded
    membership = Membership.objects.create(
        community=community,
        user=actor,
        is_core_team=True,
        engagement=Membership.Engagement.DRIVER,
    )
    audit.record(
        actor=actor,
        community=community,
        action="membership.joined",
        target=membership,
        after={"status": membership.status, "category": membership.category, "core_team": True},
    )
    return community
