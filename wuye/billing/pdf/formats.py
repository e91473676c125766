"""How amounts and times are written on the billing papers: capital numerals, grouped figures and
local times."""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_POSITIONS = ("", "拾", "佰", "仟")
_GROUPS = ("", "万", "亿", "万亿")


def rmb_upper(amount) -> str:
    """Amount in Chinese capital numerals as written on receipts: 1234.50 → 壹仟贰佰叁拾肆元伍角;
    250 → 贰佰伍拾元整; 100.05 → 壹佰元零伍分; 0 → 零元整."""
    value = Decimal(amount).quantize(Decimal("0.01"))
    sign = "负" if value < 0 else ""
    fen_total = int(abs(value) * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "零元整"
    out, zero = "", False
    groups = []
    number = yuan
    while number:
        groups.append(number % 10000)
        number //= 10000
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            zero = bool(out)
            continue
        for pos in range(3, -1, -1):
            digit = group // 10**pos % 10
            if digit == 0:
                zero = zero or bool(out)
                continue
            if zero:
                out += "零"
                zero = False
            out += _DIGITS[digit] + _POSITIONS[pos]
        out += _GROUPS[index]
    if out:
        out += "元"
    if jiao == 0 and fen == 0:
        return f"{sign}{out}整"
    if jiao:
        out += _DIGITS[jiao] + "角"
    elif out:
        out += "零"
    if fen:
        out += _DIGITS[fen] + "分"
    return sign + out


def money(value) -> str:
    return f"{Decimal(value):,.2f}"


def local_time(value, fmt="%Y-%m-%d %H:%M") -> str:
    """A time as the papers print it, in the local zone; empty when there is none."""
    return timezone.localtime(value).strftime(fmt) if value else ""
