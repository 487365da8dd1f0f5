"""Checking uploaded evidence by its content, never by its name."""

from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

# What partnerships upload as evidence: documents, spreadsheets, slides, images, PDFs, plain text.
ALLOWED_TYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel spreadsheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
}
TEXT_SUFFIXES = {".txt": "text/plain", ".csv": "text/csv"}
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    original_name: str
    size: int


def check_upload(upload: UploadedFile, *, max_bytes: int) -> CheckedFile:
    """The file's real type from its first bytes; refuse anything else, and anything too big."""
    name = (upload.name or "evidence").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    size = upload.size or 0
    if size == 0:
        raise ValidationError("The selected file is empty")
    if size > max_bytes:
        raise ValidationError(f"The selected file must be smaller than {max_bytes // 2**20} MB")
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is not None and kind.mime in ALLOWED_TYPES:
        return CheckedFile(kind.mime, name, size)
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None and suffix in TEXT_SUFFIXES and _is_text(head):
        return CheckedFile(TEXT_SUFFIXES[suffix], name, size)
    raise ValidationError(
        "The selected file must be a PDF, a Word, Excel, PowerPoint or OpenDocument file, "
        "an image (PNG, JPEG, GIF, WebP) or plain text (TXT, CSV)"
    )


def _is_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the sniff boundary is still text.
        return exc.start >= len(head) - 3
    return True
