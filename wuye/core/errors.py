"""One exception type for business-rule violations.

The API maps it to HTTP 400 `{"code", "message", "fields"}`; the console shows it as a form error.
"""


class BusinessRuleError(Exception):
    def __init__(self, code: str, message: str, fields: dict | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.fields = fields or {}

    def __str__(self) -> str:  # pragma: no cover - trivial
        return f"{self.code}: {self.message}"


class PermissionDeniedError(BusinessRuleError):
    """The object is in scope but the user's role lacks the permission (HTTP 403)."""
