"""What an uploaded file really is, read from its content (never from its name or the browser's say).

Accepted: PDF, OpenDocument and Office Open XML documents, PNG, JPEG, GIF. The name's extension
must agree with the content, so that a file never opens as something else on a member's computer.
Uploads larger than the limit are stopped while they arrive (`LimitedUploadHandler`).

An office document is a zip: a hostile one may hold a member that inflates to gigabytes (a zip
bomb), or countless members. Nothing here ever inflates more than a few bytes of one member:
the archive's directory is checked first (how many members, what they claim to expand to, how
they are compressed), and only the first bytes of `mimetype` are read.
"""

import struct
import zipfile
from pathlib import PurePath

from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _

from .models import ATTACHMENT_MAX_BYTES

ODF = {
    "application/vnd.oasis.opendocument.text": [".odt"],
    "application/vnd.oasis.opendocument.spreadsheet": [".ods"],
    "application/vnd.oasis.opendocument.presentation": [".odp"],
    "application/vnd.oasis.opendocument.graphics": [".odg"],
}
OOXML = {
    "word/": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"]),
    "xl/": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"]),
    "ppt/": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", [".pptx"]),
}
MAGIC = [
    (b"%PDF-", "application/pdf", [".pdf"]),
    (b"\x89PNG\r\n\x1a\n", "image/png", [".png"]),
    (b"\xff\xd8\xff", "image/jpeg", [".jpg", ".jpeg"]),
    (b"GIF87a", "image/gif", [".gif"]),
    (b"GIF89a", "image/gif", [".gif"]),
]


# Bounds of an archive, far above any real document: an office file holds tens to hundreds of
# members, its XML inflates about 10 times, its images hardly at all.
MAX_MEMBERS = 5_000
MAX_DIRECTORY_BYTES = 1024 * 1024
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 250  # for a member expanding past RATIO_FROM bytes (zlib reaches about 1,000)
RATIO_FROM = 1024 * 1024
MIMETYPE_BYTES = 100
# Only these are ever inflated (by zlib, a few bytes at a time); OpenDocument and Office Open
# XML use nothing else. Bzip2 and LZMA inflate a whole block at once, whatever is asked.
READABLE = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
END_OF_DIRECTORY = b"PK\x05\x06"
END_RECORD = 22
ZIP64_SIGNATURE, ZIP64_RECORD = b"PK\x06\x06", 56
ZIP64_LOCATOR_SIGNATURE, ZIP64_LOCATOR = b"PK\x06\x07", 20


class Refused(Exception):
    """The file is an archive that would expand far beyond its size: refused with a message."""


def sniff(upload) -> tuple[str, list[str]] | None:
    """(content type, extensions it may have) of an uploaded file, or None when it is not accepted.

    Raises Refused for an archive built to exhaust the server (or the members' computers)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for magic, content_type, extensions in MAGIC:
        if head.startswith(magic):
            return content_type, extensions
    if head.startswith(b"PK\x03\x04"):
        found = _office(upload)
        upload.seek(0)
        return found
    return None


def _office(upload):
    _check_directory(upload)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            _check_members(members)
            names = {member.filename: member for member in members}
            if "mimetype" in names:
                declared = _head(archive, names["mimetype"]).decode("ascii", "replace").strip()
                if declared in ODF:
                    return declared, ODF[declared]
                return None
            if "[Content_Types].xml" in names:
                for prefix, found in OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return found
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, EOFError, NotImplementedError, RuntimeError):
        return None
    return None


def refused() -> Refused:
    return Refused(
        _(
            "This file is refused: it is an archive that would expand far beyond its size "
            "(a “zip bomb”). Save the document again from your office software, then send it."
        )
    )


def _check_directory(upload) -> None:
    """Read the archive's end records before zipfile does: zipfile loads the whole directory
    they announce, however many members it lists."""
    upload.seek(0, 2)
    size = upload.tell()
    start = max(0, size - END_RECORD - 65_535)  # the end record follows a comment of 64 kB at most
    upload.seek(start)
    tail = upload.read()
    at = tail.rfind(END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < END_RECORD:
        upload.seek(0)
        return  # not a zip: zipfile says so
    count, directory_size = struct.unpack("<10xHL6x", tail[at : at + END_RECORD])
    # A Zip64 archive puts its true count and size in a record of its own, just before a locator.
    locator = start + at - ZIP64_LOCATOR
    if locator >= ZIP64_RECORD:
        upload.seek(locator - ZIP64_RECORD)
        record = upload.read(ZIP64_RECORD + ZIP64_LOCATOR)
        if record[ZIP64_RECORD:].startswith(ZIP64_LOCATOR_SIGNATURE) and record.startswith(ZIP64_SIGNATURE):
            count, directory_size = struct.unpack("<32xQQ8x", record[:ZIP64_RECORD])
    upload.seek(0)
    if count > MAX_MEMBERS or directory_size > MAX_DIRECTORY_BYTES:
        raise refused()


def _check_members(members) -> None:
    if len(members) > MAX_MEMBERS:
        raise refused()
    expanded = 0
    for member in members:
        expanded += member.file_size
        ratio_too_high = member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * max(member.compress_size, 1)
        if ratio_too_high or expanded > MAX_EXPANDED_BYTES:
            raise refused()


def _head(archive, member) -> bytes:
    """The first bytes of `member`: zipfile inflates at most a few kilobytes for them."""
    if member.compress_type not in READABLE:
        raise NotImplementedError(member.compress_type)
    with archive.open(member) as handle:
        return handle.read(MIMETYPE_BYTES)


def extension_agrees(name: str, extensions: list[str]) -> bool:
    return PurePath(name).suffix.lower() in extensions


def shortened(name: str, length: int) -> str:
    """`name` in at most `length` characters, its extension kept: the stem is cut."""
    if len(name) <= length:
        return name
    suffix = PurePath(name).suffix
    if len(suffix) >= length:
        return name[:length]
    return name[: length - len(suffix)] + suffix


class LimitedUploadHandler(FileUploadHandler):
    """Stops a file as soon as it grows past the limit: nothing larger reaches the disk.

    Put first in `request.upload_handlers`, before the body is read (see views.upload_guard).
    """

    def __init__(self, request=None, limit: int = ATTACHMENT_MAX_BYTES):
        super().__init__(request)
        self.limit = limit
        self.received = 0

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self.request.knowledge_upload_too_large = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None
