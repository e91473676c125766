"""The visitors_mail part of the front desk console."""

urlpatterns: list = []
NAV: tuple = ()
