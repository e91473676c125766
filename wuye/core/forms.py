"""Console forms and services meet here: a service's refusal becomes readable form errors (or a
message at the top of the next page, for a button without a form); a permission refusal a 403."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError

from wuye.core.errors import BusinessRuleError, PermissionDeniedError


def apply_service_errors(form, exc: ValidationError | BusinessRuleError, **rename: str) -> None:
    """Put a service's BusinessRuleError or ValidationError on the form: each message on its field
    when the form has it (`rename` maps the service's argument names to the form's, e.g.
    unit="unit_code"), else on the form; a rule's own message goes on top unless a field already
    says it. Nothing is lost: a message for a field the form lacks is shown for the whole form."""
    if isinstance(exc, BusinessRuleError):
        errors = dict(exc.fields or {})
        said = [m for messages in errors.values() for m in messages]
        if exc.message not in said:
            form.add_error(None, exc.message)
    else:
        errors = getattr(exc, "message_dict", None) or {None: exc.messages}
    for name, messages in errors.items():
        target = rename.get(name, name) if name else None
        for message in messages:
            form.add_error(target if target in form.fields else None, message)


def attempt(form, call, **rename):
    """Run one service call: its result, or None with its rule errors put on `form` (`rename` as in
    `apply_service_errors`); a missing permission is a 403 page, while a refusal with its own
    reason (another approver needed, not one's own request…) is said on the form."""
    try:
        return call()
    except PermissionDeniedError as exc:
        if exc.code == "permission_denied":
            raise PermissionDenied from exc
        apply_service_errors(form, exc, **rename)
        return None
    except (ValidationError, BusinessRuleError) as exc:
        apply_service_errors(form, exc, **rename)
        return None


def attempt_or_message(request, call):
    """Run one service call from a button without a form: its result, or None with the rule's message
    shown at the top of the next page; a permission error is a 403 page."""
    try:
        return call()
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except BusinessRuleError as exc:
        flash.error(request, exc.message)
    except ValidationError as exc:
        for message in exc.messages:
            flash.error(request, message)
    return None
