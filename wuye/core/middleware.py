"""The console speaks Chinese unless the user chose English.

Django's LocaleMiddleware follows the browser's Accept-Language, so a property office whose PCs
run an English Windows got an English console nobody asked for. Here only the language cookie
(written by the language switch, django's set_language) picks another language; otherwise it is
settings.LANGUAGE_CODE (zh-hans). The API (/api/) keeps Django's negotiation: an API client's
Accept-Language is its explicit choice.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_chosen(request) -> str:
    """The language of the cookie set by the language switch when it is one we offer, else the default."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class ConsoleLocaleMiddleware(LocaleMiddleware):
    def _is_api(self, request) -> bool:
        return request.path_info.startswith("/api/")

    def process_request(self, request):
        if self._is_api(request):
            return super().process_request(request)
        translation.activate(language_chosen(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if self._is_api(request):
            return super().process_response(request, response)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class ContentSecurityPolicyMiddleware:
    """Sends settings.WUYE_CONTENT_SECURITY_POLICY with every HTML response (Django 5.2 has no CSP
    of its own). JSON, PDF and Excel responses run no scripts and go without it: a CSP with
    object-src 'none' on a PDF stops some browsers' built-in PDF viewers. A view that sets its own
    header keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = settings.WUYE_CONTENT_SECURITY_POLICY
        if policy and response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", policy)
        return response
