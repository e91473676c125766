"""Writes to the estate registry. Every state change goes through a function here.

Import from here: `from wuye.estate import services`.
"""

from wuye.estate.services.people import (  # noqa: F401
    clean_identity,
    lease_create,
    lease_end,
    owner_create,
    owner_record_access,
    owner_update,
    ownership_create,
    ownership_end,
    resident_account_create,
    tenant_create,
    tenant_update,
)
from wuye.estate.services.places import (  # noqa: F401
    building_create,
    building_generate_units,
    building_update,
    project_create,
    project_update,
    public_area_create,
    public_area_update,
    unit_code,
    unit_create,
    unit_update,
)
from wuye.estate.services.status import unit_change_status, unit_status_history_import  # noqa: F401
