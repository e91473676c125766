"""The storage_lending part of the front desk console."""

urlpatterns: list = []
NAV: tuple = ()
