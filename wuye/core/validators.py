"""Identity and phone validation with the libraries made for it."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import ric
from stdnum.exceptions import ValidationError as StdnumError


def normalize_resident_id(value: str) -> str:
    """Validate a mainland resident ID (18 digits, checksum) and return it compact and upper-case."""
    try:
        return ric.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("Invalid resident ID number (wrong length, birth date or check digit)."), code="invalid_id"
        ) from exc


def normalize_mobile(value: str) -> str:
    """Validate a mainland mobile number and return its 11 national digits."""
    raw = (value or "").strip()
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Invalid mobile number."), code="invalid_mobile") from exc
    if (
        parsed.country_code != 86
        or not phonenumbers.is_valid_number(parsed)
        or phonenumbers.number_type(parsed)
        not in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)
    ):
        raise ValidationError(_("Invalid mobile number."), code="invalid_mobile")
    return str(parsed.national_number)


def normalize_phone(value: str) -> str:
    """Any valid mainland phone (mobile or landline), used for service phones and caller numbers."""
    raw = (value or "").strip()
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("Invalid phone number."), code="invalid_phone") from exc
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("Invalid phone number."), code="invalid_phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL).replace(" ", "")


#: the largest id any of our tables holds (a 64-bit key): beyond it a lookup cannot match
MAX_ID = 2**63 - 1


def int_param(value, *, default: int | None = None, low: int = 0, high: int = MAX_ID) -> int | None:
    """A whole number from a query or form parameter, or `default` when it is not one: ASCII
    digits only (`"²".isdigit()` is true, yet `int("²")` fails), within `low`…`high` (an id of
    twenty digits is no id: a database could not even compare it)."""
    text = str(value if value is not None else "").strip()
    if not (text.isascii() and text.isdigit()):
        return default
    number = int(text)
    return number if low <= number <= high else default
