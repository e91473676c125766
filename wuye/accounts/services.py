"""Writes for user accounts and role assignments."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wuye.accounts.choices import Role, UserKind
from wuye.accounts.models import RoleAssignment, User
from wuye.core import access
from wuye.core.audit import stamp
from wuye.core.duties import require_other_person
from wuye.core.errors import BusinessRuleError
from wuye.core.validators import normalize_mobile

if TYPE_CHECKING:
    from wuye.estate.models import Project


def user_create(
    *,
    username: str,
    password: str,
    acting_user: User,
    project: Project | None = None,
    display_name: str = "",
    mobile: str = "",
    kind: str = UserKind.STAFF,
    email: str = "",
) -> User:
    """Create a login. Staff accounts are created by someone who manages users in `project`
    (or company-wide); the new user gets roles through `assignment_create`."""
    access.require_perm(acting_user, "users.manage", project.pk if project else None)
    errors = {}
    if User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This username is taken.")]
    if mobile:
        try:
            mobile = normalize_mobile(mobile)
        except ValidationError as exc:
            errors["mobile"] = exc.messages
    user = User(username=username, display_name=display_name, mobile=mobile, kind=kind, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        errors["password"] = exc.messages
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    stamp(user, acting_user)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"username": [_("This username is taken.")]}) from exc
    return user


def assignment_create(*, user: User, project: Project, role: str, acting_user: User) -> RoleAssignment:
    """Give `user` `role` in `project` (company_manager: company-wide, project None).

    Roles are granted by company management (`roles.assign`) or the administrator, never to
    oneself; the assignment records who granted it and when."""
    if role == Role.COMPANY_MANAGER:
        if project is not None:
            raise ValidationError(
                {"project": [_("The company manager role is company-wide; leave the project empty.")]}
            )
    elif project is None:
        raise ValidationError({"project": [_("This role is held in a project; choose one.")]})
    access.require_perm(acting_user, "roles.assign", project.pk if project else None)
    require_other_person(user.pk, acting_user, what=_("a role for yourself"))
    if user.kind != UserKind.STAFF:
        raise ValidationError(
            {"user": [_("Roles are for staff accounts; owners and tenants are linked to units.")]}
        )
    assignment = RoleAssignment(user=user, project=project, role=role, assigned_by=acting_user)
    stamp(assignment, acting_user)
    try:
        with transaction.atomic():
            assignment.save()
    except IntegrityError as exc:
        raise BusinessRuleError(
            "assignment_exists",
            _("The user already holds this role here."),
            {"role": [_("Already assigned.")]},
        ) from exc
    return assignment


def assignment_end(*, assignment: RoleAssignment, acting_user: User) -> RoleAssignment:
    """End a role (company management or the administrator, as for granting it)."""
    access.require_perm(acting_user, "roles.assign", assignment.project_id)
    with transaction.atomic():
        locked = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
        if locked.ended_at is not None:
            raise BusinessRuleError("assignment_already_ended", _("This assignment has already ended."))
        locked.ended_at = timezone.now()
        locked.ended_by = acting_user
        stamp(locked, acting_user)
        locked.save(update_fields=["ended_at", "ended_by"])
    return locked


def user_remember_project(*, user: User, project: Project) -> None:
    """Remember the project `user` switched to, so that their next session opens in it.

    Only a project the user can see now; the console still checks visibility when it reads it back
    (an assignment may end in between), so a project the user lost never comes back.
    """
    from wuye.estate.models import Project

    if not Project.objects.visible_to(user).filter(pk=project.pk).exists():
        raise BusinessRuleError("project_not_visible", _("You do not work in this project."))
    if user.last_project_id != project.pk:
        User.objects.filter(pk=user.pk).update(last_project=project)
        user.last_project = project
