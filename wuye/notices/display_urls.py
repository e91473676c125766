"""The lobby display (电子公示牌): public pages without login, included at /display/ by config/urls.py."""

urlpatterns: list = []
