"""The OpenAPI schema's view of every operation: drf-spectacular's, plus the error answers.

Every operation documents the 4xx answers it can give, in the API's one error shape
(`wuye.core.api.errors`); a view that declares one keeps its description:
400 when it takes a body or parameters (invalid input, a number or date out of range),
401 and 403 when it needs a login, 404 when it takes parameters (an object named in the path or
the query, a page number), 413 when it takes a body, 429 when it is throttled.
"""

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """An error answer (HTTP 4xx and 500)."""

    code = serializers.CharField(
        help_text="machine code, e.g. validation_error, not_found, permission_denied"
    )
    message = serializers.CharField(help_text="what went wrong, in the user's language")
    fields = serializers.DictField(help_text="field name → messages; non_field_errors for the whole input")


WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

DESCRIPTIONS = {
    "400": "Invalid input: `validation_error` with the messages per field, or a business rule's code.",
    "401": "Not logged in, or the token is invalid or has expired.",
    "403": "The user's role does not allow this action in this project.",
    "404": "No such object (named in the path or by a parameter), it is outside the user's scope, "
    "or no such page.",
    "413": "The request body is too large.",
    "429": "Too many requests or failed logins; `Retry-After` says how many seconds to wait.",
}


class WuyeAutoSchema(AutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        params = operation.get("parameters", [])
        needs_login = bool(operation.get("security"))
        codes = []
        if self.method in WRITE_METHODS or params or "requestBody" in operation:
            codes.append("400")
        if needs_login:
            codes += ["401", "403"]
        if params:  # an object named in the path or by a parameter, or a page past the last
            codes.append("404")
        if "requestBody" in operation:
            codes.append("413")
        if self.view.get_throttles():
            codes.append("429")
        if codes:
            error = self.resolve_serializer(ErrorSerializer, "response").ref
            for code in codes:
                # a view's own description of the answer stays; the body is the error shape
                response = operation["responses"].setdefault(code, {"description": DESCRIPTIONS[code]})
                response.setdefault("content", {"application/json": {"schema": error}})
        return operation
