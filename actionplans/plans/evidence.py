"""Checking uploaded evidence by its content, never by its name, and naming it when downloaded.

The uploader's file name is kept as text to show, never used: a PDF named `run.bat` or `poly.html`
would otherwise be run or rendered by the colleague who opens it. A download is named after the
action and the day the evidence was added, with the extension of the type its content shows.
"""

import datetime as dt
import re
from dataclasses import dataclass

import filetype
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from ui.text import clean_text

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
EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "text/plain": "txt",
    "text/csv": "csv",
}
# What a file is served as when its content is none of the above (a file kept from before the
# checks, or changed in storage): the browser saves it and opens nothing.
UNKNOWN_TYPE = "application/octet-stream"
SNIFF_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    original_name: str
    size: int


def check_upload(upload: UploadedFile, *, max_bytes: int) -> CheckedFile:
    """The file's real type from its first bytes; refuse anything else, and anything too big."""
    name = clean_text(upload.name or "evidence").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
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


def detected_type(head: bytes, *, stored: str) -> str:
    """The type of a kept file by its first bytes, as at upload: text is recognised only when it
    was accepted as text (its type was stored) and still reads as text."""
    kind = filetype.guess(head)
    if kind is not None and kind.mime in ALLOWED_TYPES:
        return str(kind.mime)
    if kind is None and stored in TEXT_SUFFIXES.values() and _is_text(head):
        return stored
    return UNKNOWN_TYPE


def download_name(*, reference: str, added_on: dt.date, content_type: str) -> str:
    """E.g. `action-2.1-evidence-2025-10-24.pdf`: nothing of the uploader's name survives."""
    stem = re.sub(r"[^a-z0-9.]+", "-", reference.lower()).strip("-.") or "action"
    return f"action-{stem}-evidence-{added_on:%Y-%m-%d}.{EXTENSIONS.get(content_type, 'bin')}"
