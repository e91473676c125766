from rest_framework import serializers

from wuye.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    ticket_number = serializers.SerializerMethodField()
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "title",
            "body",
            "url",
            "ticket",
            "ticket_number",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields

    def get_ticket_number(self, notification) -> str:
        return notification.ticket.number if notification.ticket_id else ""

    def get_is_read(self, notification) -> bool:
        return notification.read_at is not None


class ReadAllResultSerializer(serializers.Serializer):
    updated = serializers.IntegerField()
