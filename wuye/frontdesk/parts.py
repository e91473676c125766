"""The front desk is built in parts, each with its own services/<part>.py, api/<part>.py,
views/<part>.py (urlpatterns, NAV, optional register_workbench), templates/frontdesk/<part>_*.html
and tests/test_<part>_*.py; urls.py, api/urls.py and apps.py gather them."""

PARTS = ("passes", "visitors_mail", "storage_lending", "shift_custody")
