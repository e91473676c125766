"""The estate REST API: the registry of places and of the people in them.

Import from here: `from wuye.estate.api import views` (config/api.py registers the viewsets).
"""

from wuye.estate.api.views.people import (  # noqa: F401
    LeaseViewSet,
    OwnershipViewSet,
    OwnerViewSet,
    TenantViewSet,
)
from wuye.estate.api.views.places import (  # noqa: F401
    BuildingViewSet,
    ProjectViewSet,
    PublicAreaViewSet,
    UnitViewSet,
)
