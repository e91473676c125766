"""Masking of personal data for roles that do not need it (PIPL, spec README rule 5)."""

from wuye.core import access


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


# --- who sees what: the owner record's rule, for every other place personal data leaves ------------

#: the permission that shows phones and ID numbers unmasked (wuye/estate/permissions.py)
PERSONAL_DATA_PERM = "people.view_personal"


def personal_data_visible(viewer, project_id: int | None, *, subject_user_id: int | None = None) -> bool:
    """Whether `viewer` sees phones and ID numbers in `project_id` in full, as on the owner record:
    roles holding people.view_personal in that project, and the person themself (`subject_user_id`:
    the login account of the person the data belongs to). No viewer (nobody asked) sees nothing."""
    if viewer is None or not getattr(viewer, "is_authenticated", False):
        return False
    if subject_user_id is not None and subject_user_id == viewer.pk:
        return True
    return access.has_perm(viewer, PERSONAL_DATA_PERM, project_id)


def shown_mobile(viewer, project_id: int | None, value: str, *, subject_user_id: int | None = None) -> str:
    """A phone or mobile as `viewer` may see it (see `personal_data_visible`)."""
    if personal_data_visible(viewer, project_id, subject_user_id=subject_user_id):
        return value
    return mask_mobile(value)


def shown_id_number(viewer, project_id: int | None, value: str, *, subject_user_id: int | None = None) -> str:
    """An ID number as `viewer` may see it (see `personal_data_visible`)."""
    if personal_data_visible(viewer, project_id, subject_user_id=subject_user_id):
        return value
    return mask_id_number(value)
