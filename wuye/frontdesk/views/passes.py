"""The passes part of the front desk console."""

urlpatterns: list = []
NAV: tuple = ()
