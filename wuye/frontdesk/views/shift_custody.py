"""The shift_custody part of the front desk console."""

urlpatterns: list = []
NAV: tuple = ()
