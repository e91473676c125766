"""Uploaded files of a renovation (document scans, patrol photos) are served only through scoped
views — the API and the console check the renovation first — never from a public media URL."""

from __future__ import annotations

import mimetypes

from django.http import FileResponse, Http404
from django.urls import reverse


def file_response(field) -> FileResponse:
    """The stored file: images shown inline, anything else downloaded (never rendered as a page)."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = field.name.rsplit("/", 1)[-1]
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type.startswith("image/") or content_type == "application/pdf"
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_file_url(document) -> str | None:
    if not document.file:
        return None
    return reverse(
        "renovation-document-file", kwargs={"pk": document.renovation_id, "document_id": document.pk}
    )


def patrol_photo_url(photo) -> str:
    return reverse(
        "renovation-patrol-photo",
        kwargs={"pk": photo.patrol.renovation_id, "patrol_id": photo.patrol_id, "photo_id": photo.pk},
    )
