"""One error format for the whole API: `{"code": ..., "message": ..., "fields": {...}}`."""

import re

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from wuye.core.errors import BusinessRuleError, PermissionDeniedError

_MESSAGES = {
    "validation_error": _("The submitted data is invalid; see the marked fields."),
    "not_found": _("Not found."),
    "permission_denied": _("Your role does not allow this action."),
    "not_authenticated": _("Please log in first."),
    "authentication_failed": _("Authentication failed."),
    "method_not_allowed": _("This request method is not allowed."),
    "value_out_of_range": _("A number or date in the request is out of range."),
    "csrf_failed": _("The page has expired or its security token is missing; reload the page and try again."),
    "bad_request": _("The request could not be read."),
    "server_error": _("Something went wrong on our side; the request was not carried out. Try again later."),
}


def _flatten(detail):
    if isinstance(detail, dict):
        return {key: _flatten(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, (dict, list)) for item in detail):
            return [str(item) for item in detail]
        return [_flatten(item) for item in detail]
    return [str(detail)]


def django_validation_fields(exc: DjangoValidationError) -> dict:
    # Django files whole-object errors (multi-field unique constraints) under "__all__"; the API
    # uses DRF's key for them everywhere.
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if hasattr(exc, "error_dict"):
        return {
            non_field if field == NON_FIELD_ERRORS else field: [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {non_field: [str(m) for m in exc.messages]}


def _out_of_range(exc) -> bool:
    """A number or date the database or the calendar cannot hold (an id of 20 digits, year 10000):
    bad input, answered 400, not a server error."""
    if isinstance(exc, OverflowError):
        return True
    if isinstance(exc, ValueError) and _YEAR_OUT_OF_RANGE.fullmatch(str(exc)):
        return True  # a `__year` lookup with year 0 or 10000: Python's dates cannot hold it
    cause = exc.__cause__
    return isinstance(exc, DataError) and ("out of range" in str(exc) or isinstance(cause, OverflowError))


_YEAR_OUT_OF_RANGE = re.compile(r"year -?\d+ is out of range")

# DRF's SessionAuthentication words every CSRF failure so (rest_framework/authentication.py)
_DRF_CSRF_PREFIX = "CSRF Failed:"


def error_body(code: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": str(_MESSAGES[code]), "fields": fields or {}}


def too_large_body() -> dict:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    message = _("The request is too large: at most %(size)s KB of data (files aside).") % {
        "size": limit // 1024
    }
    return {"code": "request_too_large", "message": str(message), "fields": {}}


def exception_handler(exc, context):
    if _out_of_range(exc):
        return Response(error_body("value_out_of_range"), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, RequestDataTooBig):
        return Response(too_large_body(), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, exceptions.PermissionDenied) and str(exc.detail).startswith(_DRF_CSRF_PREFIX):
        return Response(error_body("csrf_failed"), status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, PermissionDeniedError):
        return Response(
            {"code": exc.code, "message": exc.message, "fields": exc.fields}, status=status.HTTP_403_FORBIDDEN
        )
    if isinstance(exc, BusinessRuleError):
        return Response(
            {"code": exc.code, "message": exc.message, "fields": exc.fields},
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        return Response(
            {
                "code": "validation_error",
                "message": str(_MESSAGES["validation_error"]),
                "fields": django_validation_fields(exc),
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(exc.detail)
        if isinstance(fields, list):
            fields = {"non_field_errors": fields}
        response.data = {
            "code": "validation_error",
            "message": str(_MESSAGES["validation_error"]),
            "fields": fields,
        }
        return response
    code = getattr(exc, "default_code", "error")
    detail = getattr(exc, "detail", "")
    code = detail.code if hasattr(detail, "code") and detail.code else code
    response.data = {"code": code, "message": str(_MESSAGES.get(code, str(detail))), "fields": {}}
    return response


def bad_request(request, exception, *args, **kwargs):
    """`handler400`: what Django itself refuses before a view runs (a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE: 413, too many fields, a bad host) in the API's error shape for API
    paths, the console's page elsewhere."""
    if request.path.startswith("/api/"):
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse(too_large_body(), status=413)
        return JsonResponse(error_body("bad_request"), status=400)
    from django.views.defaults import bad_request as page

    return page(request, exception, *args, **kwargs)


def not_found(request, exception, *args, **kwargs):
    """`handler404`: an address no view takes (`/api/v1/units/1.5/`) answers in the API's error
    shape for API paths, the console's page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("not_found"), status=404)
    from django.views.defaults import page_not_found as page

    return page(request, exception, *args, **kwargs)


def server_error(request, *args, **kwargs):
    """`handler500`: the API's error shape for API paths, the console's error page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse(error_body("server_error"), status=500)
    from django.views.defaults import server_error as page

    return page(request, *args, **kwargs)
