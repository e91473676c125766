"""Mainland licence plates (GA 36): ordinary 7 characters, new-energy 8 characters.

- ordinary: province character + issuing-authority letter + 5 letters/digits (no I or O),
  optionally ending in 学 (driving school), 警 (police), 挂 (trailer), 港/澳 (cross-border);
- new energy: province + letter + D/F + 5 digits … small cars (粤B D12345)
  or province + letter + 5 digits + D/F … large vehicles (粤B 12345D).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
ALNUM = LETTERS + "0123456789"

ORDINARY = re.compile(rf"^[{PROVINCES}][{LETTERS}][{ALNUM}]{{4}}[{ALNUM}学警挂港澳]$")
NEW_ENERGY_SMALL = re.compile(rf"^[{PROVINCES}][{LETTERS}][DF][{ALNUM}]\d{{4}}$")
NEW_ENERGY_LARGE = re.compile(rf"^[{PROVINCES}][{LETTERS}]\d{{5}}[DF]$")


def normalize_plate(value: str) -> str:
    """Upper-case, drop spaces, dots and dashes; raise a clear error for anything not a plate."""
    plate = re.sub(r"[\s·\.\-]", "", (value or "")).upper()
    if len(plate) == 7 and ORDINARY.match(plate):
        return plate
    if len(plate) == 8 and (NEW_ENERGY_SMALL.match(plate) or NEW_ENERGY_LARGE.match(plate)):
        return plate
    if len(plate) not in (7, 8):
        raise ValidationError(
            _("A plate has 7 characters (8 for new-energy vehicles); “%(plate)s” has %(n)s.")
            % {"plate": value, "n": len(plate)},
            code="invalid_plate",
        )
    raise ValidationError(
        _(
            "“%(plate)s” is not a mainland plate: a province character, a letter, then 5 letters or digits "
            "(new-energy: D or F with 5 digits)."
        )
        % {"plate": value},
        code="invalid_plate",
    )
