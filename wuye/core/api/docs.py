"""The API schema and its Swagger UI (/api/schema/, /api/docs/; config/urls.py).

Anyone may read them when settings.WUYE_PUBLIC_API_DOCS is on (local and test settings); in
production it is off, so only a logged-in user does: the schema answers 401 to an anonymous
caller, the Swagger UI sends a browser to the login page and back.

The UI is drf-spectacular's split variant: its start-up script is a second request to the same
address (`?script`) instead of an inline <script>, and our template carries no inline <style>, so
the site's Content-Security-Policy (wuye.core.middleware) covers the docs unchanged.
"""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated
from rest_framework.permissions import IsAuthenticated


def docs_are_public() -> bool:
    return getattr(settings, "WUYE_PUBLIC_API_DOCS", True)


class SchemaView(SpectacularAPIView):
    def get_permissions(self):
        permissions = super().get_permissions()
        return permissions if docs_are_public() else [IsAuthenticated(), *permissions]


class SwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/swagger_ui.html"

    def get_permissions(self):
        permissions = super().get_permissions()
        return permissions if docs_are_public() else [IsAuthenticated(), *permissions]

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated):  # a person with a browser: log in, then come back
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)
