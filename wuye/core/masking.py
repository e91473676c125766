"""Masking of personal data for roles that do not need it (PIPL, spec README rule 5)."""


def mask_id_number(value: str) -> str:
    """Keep the first three and last four characters: 110***********1234."""
    if not value:
        return value
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_mobile(value: str) -> str:
    """Keep the first three and last four digits: 138****5678."""
    if not value:
        return value
    if len(value) <= 7:
        return value[:1] + "*" * (len(value) - 1)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]
