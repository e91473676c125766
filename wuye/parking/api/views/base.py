"""What every parking endpoint shares: staff-only reads with parking.view, the answer after a write."""

from __future__ import annotations

from django.http import Http404
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from wuye.core import access
from wuye.core.api.mixins import ScopedViewSetMixin, deny_residents
from wuye.estate.models import Project

VIEW_PERM = "parking.view"


class ParkingViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """List and retrieve with parking.view (staff of the project); writes go through a service each.
    Staff only: owners and tenants answer 403."""

    view_perms = (VIEW_PERM,)
    resident_actions = frozenset()

    def respond(self, obj, status_code=status.HTTP_200_OK):
        """Answer a write with the row as the list shows it (fetched again for its annotations)."""
        row = self.base_queryset().get(pk=obj.pk)
        return Response(self.get_serializer(row).data, status=status_code)


def project_in_scope(user, project_id: int) -> Project:
    """The project asked for by a query parameter: 404 outside the user's scope, 403 without parking.view."""
    deny_residents(user)
    project = Project.objects.visible_to(user).filter(pk=project_id).first()
    if project is None:
        raise Http404("project")
    access.require_perm(user, VIEW_PERM, project.pk)
    return project
