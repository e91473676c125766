"""The supervision actions of /api/v1/renovations/ (mixed into RenovationViewSet)."""

from __future__ import annotations


class SupervisionActions:
    """Actions and nested routes of this part of the procedure."""
