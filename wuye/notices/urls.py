"""The notices console pages (issue 13), included by config/console.py."""

urlpatterns: list = []
