"""What an uploaded file really is, read from its content (never from its name or the browser's say).

Accepted: PDF, OpenDocument and Office Open XML documents, PNG, JPEG, GIF. The name's extension
must agree with the content, so that a file never opens as something else on a member's computer.
Uploads larger than the limit are stopped while they arrive (`LimitedUploadHandler`).
"""

import zipfile
from pathlib import PurePath

from django.core.files.uploadhandler import FileUploadHandler, SkipFile

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


def sniff(upload) -> tuple[str, list[str]] | None:
    """(content type, extensions it may have) of an uploaded file, or None when it is not accepted."""
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
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared in ODF:
                    return declared, ODF[declared]
                return None
            if "[Content_Types].xml" in names:
                for prefix, found in OOXML.items():
                    if any(name.startswith(prefix) for name in names):
                        return found
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    return None


def extension_agrees(name: str, extensions: list[str]) -> bool:
    return PurePath(name).suffix.lower() in extensions


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
