"""Uploaded files: checked by their content, served so that none can act as a page.

A file's name proves nothing (blank-form.html renamed .pdf is still a page), so the first
bytes decide what a file is. Blank forms (材料样表) may be the document and image types a
blank form can be; staff photos JPEG or PNG. Every upload is served from our own origin, so
the serving view sends a content type from an allow-list (never text/html), `nosniff`, a
sandboxing Content-Security-Policy, and blank forms as downloads.
"""

import zipfile
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.utils._os import safe_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "ole2": "application/octet-stream",  # DOC or XLS: the same container, told apart inside
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
# DOC and XLS share one container; the name tells them apart once the content is OLE2.
OLE2_TYPES = {".doc": "application/msword", ".xls": "application/vnd.ms-excel"}
SAMPLE_KINDS = frozenset(CONTENT_TYPES)
PHOTO_KINDS = frozenset({"jpeg", "png"})
# Media folders and what may be stored in each; anything else under MEDIA_ROOT is not served.
FOLDERS = {"guide": SAMPLE_KINDS, "staff": PHOTO_KINDS}


def file_kind(file: IO[bytes]) -> str | None:
    """What the file is by its first bytes: a key of CONTENT_TYPES, or None."""
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole2"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(file) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            file.seek(0)
        if "[Content_Types].xml" in names:
            if any(name.startswith("word/") for name in names):
                return "docx"
            if any(name.startswith("xl/") for name in names):
                return "xlsx"
    return None


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"


def _is_new(file) -> bool:
    # Only a file being uploaded now is checked: one already stored was checked then (or
    # predates the check, and the media view serves it harmlessly); re-saving a service
    # item must not fail on a file nobody touched.
    return not getattr(file, "_committed", False)


def _check_size(file) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(limit)s."),
            code="file_too_large",
            params={"size": megabytes(file.size), "limit": megabytes(limit)},
        )


def validate_sample(file) -> None:
    """A blank form or sample: PDF, Word, Excel, JPEG or PNG by content, within the limit."""
    if not _is_new(file):
        return
    _check_size(file)
    if file_kind(file) not in SAMPLE_KINDS:
        raise ValidationError(
            _(
                "Only PDF, Word, Excel, JPEG or PNG files can be uploaded "
                "(DOC, DOCX, XLS, XLSX are fine); this file is none of them."
            ),
            code="file_type",
        )


def validate_photo(file) -> None:
    """A staff photo: JPEG or PNG by content, within the limit."""
    if not _is_new(file):
        return
    _check_size(file)
    if file_kind(file) not in PHOTO_KINDS:
        raise ValidationError(_("A photo must be a JPEG or PNG image."), code="file_type")


@require_safe
def media(request: HttpRequest, path: str) -> FileResponse:
    """Serve an uploaded file: blank forms as downloads, photos inline, nothing as a page."""
    folder = path.split("/", 1)[0]
    if folder not in FOLDERS:
        raise Http404
    try:
        full = Path(safe_join(Path(settings.MEDIA_ROOT) / folder, path.split("/", 1)[1]))
    except (SuspiciousFileOperation, IndexError):
        raise Http404 from None
    if not full.is_file():
        raise Http404
    file = full.open("rb")
    kind = file_kind(file)
    allowed = kind in FOLDERS[folder]
    inline = allowed and kind in PHOTO_KINDS and folder == "staff"
    # A file stored before the content check existed is served as bytes, never as HTML.
    content_type = CONTENT_TYPES[kind] if allowed else "application/octet-stream"
    if kind == "ole2":
        content_type = OLE2_TYPES.get(full.suffix.lower(), content_type)
    response = FileResponse(
        file,
        content_type=content_type,
        as_attachment=not inline,
        filename=full.name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Even if a browser rendered it, a sandboxed document runs no script on our origin.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
