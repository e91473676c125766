"""The notices API (issue 13), included under /api/v1/ by config/api.py."""

urlpatterns: list = []
