"""Scoping and permissions shared by the billing API views.

Like `wuye.core.api.mixins.ScopedViewSetMixin` (querysets are `Model.objects.visible_to(user)`;
out of scope answers 404), with two billing twists: reading may be granted by any of several
permissions (engineers read meters without seeing the ledger), and owners and tenants may only
read what a viewset opens to them (their units' charges, receipts and account) — anything else
answers 403.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import generics

from wuye.core import access
from wuye.core.errors import BusinessRuleError, PermissionDeniedError

READ_ACTIONS = frozenset({"list", "retrieve"})


def projects_with_any(user, perms) -> set[int] | None:
    """Project ids where the user holds one of `perms`; None = every project."""
    found: set[int] = set()
    for perm in perms:
        ids = access.projects_with_perm(user, perm)
        if ids is None:
            return None
        found |= ids
    return found


def require_any(user, perms, project_id) -> None:
    if not any(access.has_perm(user, perm, project_id) for perm in perms):
        raise PermissionDeniedError("permission_denied", _("Your role does not allow this action."))


def deny_residents(user) -> None:
    """Owners and tenants only read what a view opens to them (their units' account, charges, receipts)."""
    if user.is_authenticated and user.is_resident:
        raise PermissionDeniedError("permission_denied", _("Your role does not allow this action."))


def scoped_get(model, user, pk, *, queryset=None):
    """One row in the user's scope, else 404."""
    return get_object_or_404(
        (queryset if queryset is not None else model.objects.all()).visible_to(user), pk=pk
    )


def rename_field_errors(exc: BusinessRuleError, **names) -> BusinessRuleError:
    """A service names a field by its own argument (`at`); the API answers with the input's name."""
    if exc.fields:
        exc.fields = {names.get(key, key): value for key, value in exc.fields.items()}
    return exc


class BillingScopedMixin:
    queryset_model = None
    #: any of these lets a staff user read rows of a project
    view_perms: tuple[str, ...] = ("billing.view",)
    #: path from the model to its project id (for the per-permission list filter)
    project_lookup = "project_id"
    #: actions owners and tenants may use (on rows of their own units); others answer 403
    resident_actions: frozenset[str] = frozenset()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication first: anonymous is 401
        if request.user.is_resident and self.action not in self.resident_actions:
            deny_residents(request.user)

    def base_queryset(self):
        return self.queryset_model.objects.all()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.queryset_model.objects.none()
        user = self.request.user
        qs = self.base_queryset().visible_to(user)
        if self.action == "list" and not user.is_resident:
            ids = projects_with_any(user, self.view_perms)
            if ids is not None:
                qs = qs.filter(**{f"{self.project_lookup}__in": ids})
        return qs

    def project_id_of(self, obj) -> int:
        return obj.project_id

    def get_object(self):
        obj = generics.GenericAPIView.get_object(self)
        if not self.request.user.is_resident:
            require_any(self.request.user, self.view_perms, self.project_id_of(obj))
        return obj

    def input(self, serializer_class, **context):
        """Parse the request body with an explicit input serializer (400 with fields on bad input)."""
        params = serializer_class(
            data=self.request.data, context={**self.get_serializer_context(), **context}
        )
        params.is_valid(raise_exception=True)
        return params.validated_data
