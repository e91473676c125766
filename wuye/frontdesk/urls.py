"""The front desk console pages (issue 13), included by config/console.py: each part's own."""

import importlib

from wuye.frontdesk.parts import PARTS

urlpatterns: list = []
for _part in PARTS:
    urlpatterns += importlib.import_module(f"wuye.frontdesk.views.{_part}").urlpatterns
