"""Archives built by hand for the loader's tests: a manifest, data/*.jsonl and files, in a ZIP."""

import hashlib
import io
import json
import zipfile

from terreau.archive import format


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def build_zip(
    *,
    slug: str = "jardins-partages",
    name: str = "Jardins partagés",
    purpose: str = "Partager les semences et les savoir-faire.",
    people: list[dict] | None = None,
    data: dict[str, list[dict]] | None = None,
    files: dict[str, bytes] | None = None,
    manifest: dict | None = None,
    extra: dict[str, bytes] | None = None,
    folder: str | None = None,
    unlisted: tuple[str, ...] = (),
) -> io.BytesIO:
    """An archive as the builder makes it (format.py). `files` are attachments by name (stored
    under files/<sha256>/<name>); `extra` raw members by their full path in the ZIP; `manifest`
    overrides keys of the manifest; `unlisted`: paths the manifest leaves out of its files."""
    folder = f"{slug}-archive/" if folder is None else folder
    members: dict[str, bytes] = {}
    if people is not None:
        members[format.PEOPLE] = "".join(json.dumps(person) + "\n" for person in people).encode()
    for section, records in (data or {}).items():
        members[format.data_path(section)] = "".join(json.dumps(record) + "\n" for record in records).encode()
    for file_name, content in (files or {}).items():
        members[format.file_path(sha256(content), file_name)] = content
    members["index.html"] = b"<!doctype html><title>Archive</title>"
    described = {
        "format": format.FORMAT,
        "version": format.VERSION,
        "community": {"name": name, "slug": slug, "purpose": purpose},
        "scope": "members",
        "built_at": "2026-11-30T08:00:00+00:00",
        "language": "fr",
        "sections": sorted(data or {}),
        "counts": {},
        "files": {path: sha256(content) for path, content in members.items() if path not in unlisted},
    }
    described.update(manifest or {})
    members[format.MANIFEST] = json.dumps(described).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, content in members.items():
            archive.writestr(folder + path, content)
        for path, content in (extra or {}).items():
            archive.writestr(path, content)
    buffer.seek(0)
    return buffer


def file_paths(buffer) -> list[str]:
    buffer.seek(0)
    with zipfile.ZipFile(buffer) as archive:
        names = archive.namelist()
    buffer.seek(0)
    return names
