"""Shared API plumbing: scoped querysets, per-project permission checks, service error mapping."""

from django.shortcuts import get_object_or_404
from rest_framework import mixins, viewsets

from wuye.core import access


class ScopedViewSetMixin:
    """Every queryset is `Model.objects.visible_to(user)`; out-of-scope objects answer 404.

    `view_perm` is checked on list (rows filtered to projects where the user holds it) and on
    retrieve (403 when the object is visible but the role lacks it).
    """

    view_perm: str | None = None
    queryset_model = None
    project_lookup = "project_id"

    def base_queryset(self):
        return self.queryset_model.objects.all()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.queryset_model.objects.none()
        qs = self.base_queryset().visible_to(self.request.user)
        user = self.request.user
        if self.view_perm and self.action == "list" and not user.is_resident:
            ids = access.projects_with_perm(user, self.view_perm)
            if ids is not None:
                qs = qs.filter(**{f"{self.project_lookup}__in": ids})
        return qs

    def project_id_of(self, obj) -> int | None:
        return obj.project_id

    def get_object(self):
        obj = super().get_object()
        if self.view_perm and not self.request.user.is_resident:
            access.require_perm(self.request.user, self.view_perm, self.project_id_of(obj))
        return obj

    def get_scoped_object(self, model, pk):
        return get_object_or_404(model.objects.visible_to(self.request.user), pk=pk)

    def check_project_perm(self, perm: str, project_id: int | None):
        access.require_perm(self.request.user, perm, project_id)


class ReadCreateUpdateViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Nothing is deleted (spec README rule 6): no DELETE on domain resources."""
