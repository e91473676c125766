"""Console forms and services meet here: a service's refusal becomes readable form errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from wuye.core.errors import BusinessRuleError


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
