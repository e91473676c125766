"""One scoping mechanism for web and API: `Model.objects.visible_to(user)`.

Staff see rows of the projects they are assigned to (company managers: all); owners and tenants
see only rows tied to their own units (each queryset says how via `resident_q`). Anything outside
the scope does not exist for that user: detail views answer 404.
"""

from django.db import models
from django.db.models import Q


class ScopedQuerySet(models.QuerySet):
    #: path from this model to its project id, e.g. "building__project_id"
    project_lookup: str = "project_id"

    def resident_q(self, user) -> Q | None:
        """Rows an owner/tenant may see; None means none."""
        return None

    def visible_to(self, user):
        from wuye.core import access

        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_resident:
            q = self.resident_q(user)
            return self.filter(q) if q is not None else self.none()
        q = access.project_q(user, self.project_lookup)
        return self if q is None else self.filter(q)
