"""Identity and phone validation with the libraries made for it; plausible dates, clean names."""

import datetime as dt
import unicodedata

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
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


# --- plausible dates (issue 10) ---------------------------------------------------------------


def plausible_years(today: dt.date | None = None) -> tuple[int, int]:
    """The first and last year a date typed into the system may fall in (settings
    `WUYE_PLAUSIBLE_YEARS_BACK` / `WUYE_PLAUSIBLE_YEARS_AHEAD`): a payment in 1900 or a lease from
    2999 is a typo, not a record."""
    year = (today or timezone.localdate()).year
    return year - settings.WUYE_PLAUSIBLE_YEARS_BACK, year + settings.WUYE_PLAUSIBLE_YEARS_AHEAD


def check_plausible_date(
    value: dt.date | dt.datetime | None, *, field: str, today: dt.date | None = None
) -> None:
    """Raise ValidationError on `field` when `value` (a date or a datetime) lies outside
    `plausible_years`; None passes (optional dates)."""
    if value is None:
        return
    first, last = plausible_years(today)
    year = value.year
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        try:
            year = timezone.localtime(value).year
        except OverflowError:  # 9999-12-31 late in the day, UTC: past the calendar's end locally
            year = value.year + 1
    if not first <= year <= last:
        raise ValidationError(
            {
                field: [
                    _("Enter a date between the years %(first)s and %(last)s.")
                    % {"first": first, "last": last}
                ]
            },
            code="implausible_date",
        )


def check_period(
    start: dt.date | None,
    end: dt.date | None,
    *,
    start_field: str = "period_start",
    end_field: str = "period_end",
) -> None:
    """A period whose dates are plausible and whose end is not before its start."""
    errors: dict[str, list[str]] = {}
    for value, field in ((start, start_field), (end, end_field)):
        try:
            check_plausible_date(value, field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not errors and start is not None and end is not None and end < start:
        errors[end_field] = [_("The end date cannot be before the start date.")]
    if errors:
        raise ValidationError(errors)


# --- names people type (issue 10) -------------------------------------------------------------

#: characters a name never holds: controls (Cc) and invisible format characters (Cf) such as
#: zero-width spaces and joiners (U+200B–U+200D), direction marks and overrides (U+200E/F,
#: U+202A–U+202E, U+2066–U+2069) and the byte-order mark (U+FEFF): they make one name look like
#: another or reverse the text around it in lists and receipts.
_HIDDEN_CATEGORIES = {"Cc", "Cf"}


def check_name(value: str | None, *, field: str = "name") -> str:
    """A person's, renter's, building's or unit's name as typed: stripped, and refused when it holds
    invisible or direction-changing characters. Returns the stripped name."""
    text = (value or "").strip()
    if any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in text):
        raise ValidationError(
            {
                field: [
                    _("The name contains invisible or text-direction characters; type it again without them.")
                ]
            },
            code="hidden_characters",
        )
    return text


def check_names(**values: object) -> dict[str, object]:
    """`check_name` on each keyword at once (one error per field); values that are not text (KEEP,
    None) pass unchanged. Returns the values, the names stripped."""
    cleaned: dict[str, object] = {}
    errors: dict[str, list[str]] = {}
    for field, value in values.items():
        if not isinstance(value, str):
            cleaned[field] = value
            continue
        try:
            cleaned[field] = check_name(value, field=field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned
