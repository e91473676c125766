"""Console pages of this module, included in the `console` namespace by config/console.py."""

urlpatterns = []
