"""The one save path of the estate services: set the changes, validate, stamp, save."""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models

from wuye.core.audit import stamp
from wuye.core.unset import given

M = TypeVar("M", bound=models.Model)


def _save(obj: M, acting_user: AbstractBaseUser, changes: dict[str, object] | None = None) -> M:
    """Set the named changes (those not left at KEEP), validate, stamp and save."""
    for name, value in given(changes or {}).items():
        setattr(obj, name, value)
    obj.full_clean()
    stamp(obj, acting_user)
    obj.save()
    return obj
