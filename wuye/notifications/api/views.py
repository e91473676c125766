"""The requesting user's own notifications (in-app outbox): list, read one, read all."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from wuye.core.api.filters import YesNoFilter
from wuye.notifications import services
from wuye.notifications.api import serializers as s
from wuye.notifications.models import Notification


class NotificationFilter(django_filters.FilterSet):
    unread = YesNoFilter(
        field_name="read_at", lookup_expr="isnull", label="Only unread (true) or read (false)"
    )

    class Meta:
        model = Notification
        fields = ["kind", "ticket"]


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Anybody's own messages only; another user's notification does not exist (404)."""

    serializer_class = s.NotificationSerializer
    filterset_class = NotificationFilter

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        return Notification.objects.filter(recipient=self.request.user).select_related("ticket")

    @extend_schema(request=None, responses=s.NotificationSerializer, summary="Mark one notification read")
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_mark_read(
            notification=self.get_object(), acting_user=request.user
        )
        return Response(s.NotificationSerializer(notification).data)

    @extend_schema(
        request=None, responses=s.ReadAllResultSerializer, summary="Mark all my notifications read"
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        updated = services.notification_mark_all_read(acting_user=request.user)
        return Response({"updated": updated})
