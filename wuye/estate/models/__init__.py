"""Estate tables: projects, buildings, units, public areas, occupancy; owners, tenants, ownership, leases.

A package of modules named after what they hold; every model is importable from here.
"""

from wuye.estate.models.people import (
    Lease,
    Owner,
    OwnerAccessLog,
    OwnerAccessLogQuerySet,
    OwnerQuerySet,
    Ownership,
    Person,
    Tenant,
    TenantQuerySet,
    UnitLink,
    UnitLinkQuerySet,
)
from wuye.estate.models.places import (
    Building,
    BuildingQuerySet,
    Project,
    ProjectQuerySet,
    PublicArea,
    PublicAreaQuerySet,
    Unit,
    UnitQuerySet,
    UnitStatusChange,
    UnitStatusChangeQuerySet,
)
from wuye.estate.models.roster import (
    RosterEntry,
    RosterImport,
    RosterQuerySet,
)

__all__ = [
    "Building",
    "BuildingQuerySet",
    "Lease",
    "Owner",
    "OwnerAccessLog",
    "OwnerAccessLogQuerySet",
    "OwnerQuerySet",
    "Ownership",
    "Person",
    "Project",
    "ProjectQuerySet",
    "PublicArea",
    "PublicAreaQuerySet",
    "RosterEntry",
    "RosterImport",
    "RosterQuerySet",
    "Tenant",
    "TenantQuerySet",
    "Unit",
    "UnitLink",
    "UnitLinkQuerySet",
    "UnitQuerySet",
    "UnitStatusChange",
    "UnitStatusChangeQuerySet",
]
