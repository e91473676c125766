"""The front desk API (issue 13), included under /api/v1/ by config/api.py: each part registers its
viewsets on the router (`register(router)`) and may add plain paths (`urlpatterns`)."""

import importlib

from rest_framework.routers import SimpleRouter

from wuye.frontdesk.parts import PARTS

router = SimpleRouter()
_extra: list = []
for _part in PARTS:
    _module = importlib.import_module(f"wuye.frontdesk.api.{_part}")
    _module.register(router)
    _extra += getattr(_module, "urlpatterns", [])

# plain paths first: `release-passes/release/` must not be read as a pass id
urlpatterns: list = [*_extra, *router.urls]
