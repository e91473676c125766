"""The passes part of the front desk API."""


def register(router) -> None:
    """Register this part's viewsets on the front desk router."""


urlpatterns: list = []
