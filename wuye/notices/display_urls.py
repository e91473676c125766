"""The lobby display (电子公示牌): public pages without login, included at /display/ by config/urls.py."""

from django.urls import path

from wuye.notices.views.display import notices_display

urlpatterns: list = [
    path("notices/", notices_display, name="notices-display"),
]
