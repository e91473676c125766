from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wuye.accounts.choices import Role, UserKind
from wuye.accounts.models import RoleAssignment, User
from wuye.estate.models import Project


def _project_in_scope(project, user):
    """The chosen project if the requesting user can see it (none stays none); any other is invalid."""
    if project is not None and not Project.objects.visible_to(user).filter(pk=project.pk).exists():
        raise serializers.ValidationError(_("Invalid project."))
    return project


class AssignmentBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = RoleAssignment
        fields = ["id", "project", "role"]


class UserSerializer(serializers.ModelSerializer):
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "kind", "email", "is_active", "roles"]

    def get_roles(self, user) -> list[dict]:
        return [
            {"project": a.project_id, "role": a.role} for a in user.assignments.all() if a.ended_at is None
        ]


class UserCreateSerializer(serializers.Serializer):
    username = serializers.RegexField(r"^[\w.@+-]{3,150}$", label=_("username"))
    password = serializers.CharField(write_only=True, label=_("password"), style={"input_type": "password"})
    display_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    kind = serializers.ChoiceField(choices=UserKind.choices, default=UserKind.STAFF)
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.all(),
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The project in which you manage users (empty: company-wide)."),
    )

    def validate_project(self, project):
        return _project_in_scope(project, self.context["request"].user)


class AssignmentSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())
    # Omitted means company-wide (company_manager); the service needs the key either way.
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.all(), allow_null=True, default=None
    )
    role = serializers.ChoiceField(choices=Role.choices)
    assigned_by = serializers.StringRelatedField(read_only=True)
    user_name = serializers.CharField(source="user.__str__", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "user_name", "project", "role", "assigned_by", "assigned_at", "ended_at"]
        read_only_fields = ["assigned_at", "ended_at"]
        validators = []

    def validate_project(self, project):
        return _project_in_scope(project, self.context["request"].user)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    display_name = serializers.CharField()
    kind = serializers.CharField()
    company_wide = serializers.BooleanField()
    roles = AssignmentBriefSerializer(many=True)
    unit_ids = serializers.ListField(child=serializers.IntegerField())
