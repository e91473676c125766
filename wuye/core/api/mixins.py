"""Shared API plumbing: scoped querysets, per-project permission checks, service error mapping."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import mixins, viewsets

from wuye.core import access
from wuye.core.errors import BusinessRuleError, PermissionDeniedError


def deny_residents(user) -> None:
    """Owners and tenants only use what a view opens to them; anything else answers 403."""
    if user.is_authenticated and user.is_resident:
        raise PermissionDeniedError("permission_denied", _("Your role does not allow this action."))


def scoped_get(model, user, pk, *, queryset=None):
    """One row in the user's scope, else 404."""
    return get_object_or_404(
        (queryset if queryset is not None else model.objects.all()).visible_to(user), pk=pk
    )


def rename_field_errors(exc: BusinessRuleError, **names: str) -> BusinessRuleError:
    """A service names a field by its own argument (`at`); the API answers with the input's name."""
    if exc.fields:
        exc.fields = {names.get(key, key): value for key, value in exc.fields.items()}
    return exc


class ScopedViewSetMixin:
    """Every queryset is `Model.objects.visible_to(user)`; out-of-scope objects answer 404.

    Staff read rows of the projects where they hold `view_perm` (or any of `view_perms`): the list
    is filtered to those projects, a visible row without it answers 403. Owners and tenants see
    what their scope gives them; where `resident_actions` is set, only those actions (the rest 403).
    """

    view_perm: str | None = None
    #: any of these lets a staff user read rows of a project (engineers read meters, not the ledger)
    view_perms: tuple[str, ...] = ()
    #: None: residents go as far as their scope; a set: only these actions, others answer 403
    resident_actions: frozenset[str] | None = None
    queryset_model = None
    project_lookup = "project_id"

    def _view_perms(self) -> tuple[str, ...]:
        return self.view_perms or ((self.view_perm,) if self.view_perm else ())

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication first: anonymous is 401
        if (
            self.resident_actions is not None
            and request.user.is_resident
            and self.action not in self.resident_actions
        ):
            deny_residents(request.user)

    def base_queryset(self):
        return self.queryset_model.objects.all()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.queryset_model.objects.none()
        user = self.request.user
        qs = self.base_queryset().visible_to(user)
        perms = self._view_perms()
        if perms and self.action == "list" and not user.is_resident:
            ids = access.projects_with_any(user, perms)
            if ids is not None:
                qs = qs.filter(**{f"{self.project_lookup}__in": ids})
        return qs

    def project_id_of(self, obj) -> int | None:
        return obj.project_id

    def get_object(self):
        obj = super().get_object()
        perms = self._view_perms()
        if perms and not self.request.user.is_resident:
            access.require_any(self.request.user, perms, self.project_id_of(obj))
        return obj

    def get_scoped_object(self, model, pk):
        return get_object_or_404(model.objects.visible_to(self.request.user), pk=pk)

    def check_project_perm(self, perm: str, project_id: int | None):
        access.require_perm(self.request.user, perm, project_id)

    def input(self, serializer_class, **context):
        """Parse the request body with an explicit input serializer (400 with fields on bad input)."""
        params = serializer_class(
            data=self.request.data, context={**self.get_serializer_context(), **context}
        )
        params.is_valid(raise_exception=True)
        return params.validated_data


class ReadCreateUpdateViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Nothing is deleted (spec README rule 6): no DELETE on domain resources."""
