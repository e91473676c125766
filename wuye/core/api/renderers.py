"""Renderers for downloads that an API view hands over as bytes (`?format=xlsx`, `?format=pdf`)."""

from rest_framework.renderers import BaseRenderer, JSONRenderer

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class BinaryRenderer(BaseRenderer):
    """The view returns the file's bytes; errors still go out as JSON."""

    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        response = (renderer_context or {}).get("response")
        if response is not None:
            response["Content-Type"] = "application/json"
        return JSONRenderer().render(data)


class XlsxRenderer(BinaryRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"


class PdfRenderer(BinaryRenderer):
    media_type = "application/pdf"
    format = "pdf"
