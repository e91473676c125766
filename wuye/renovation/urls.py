"""The renovation console pages (issue 12), included by config/console.py."""

urlpatterns: list = []
