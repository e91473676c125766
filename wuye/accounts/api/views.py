from django.contrib.auth import authenticate
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action, api_view, permission_classes
from rest_framework.filters import SearchFilter
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from wuye.accounts import services
from wuye.accounts.api import serializers as s
from wuye.accounts.models import RoleAssignment, User
from wuye.core import access
from wuye.core.errors import BusinessRuleError


class LoginThrottle(AnonRateThrottle):
    rate = "30/min"


@extend_schema(request=s.TokenRequestSerializer, responses={200: s.TokenResponseSerializer}, auth=[])
@api_view(["POST"])
@permission_classes([AllowAny])
def obtain_token(request):
    """Exchange username and password for an API token (`Authorization: Token <token>`)."""
    data = s.TokenRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    user = authenticate(
        request, username=data.validated_data["username"], password=data.validated_data["password"]
    )
    if user is None or not user.is_active:
        msg = _("Wrong username or password.")
        raise BusinessRuleError("invalid_credentials", msg, {"password": [msg]})
    token, _created = Token.objects.get_or_create(user=user)
    return Response({"token": token.key})


obtain_token.throttle_classes = [LoginThrottle]


@extend_schema(responses=s.MeSerializer)
@api_view(["GET"])
def me(request):
    """The current user, their roles per project and (for owners and tenants) their units."""
    user = request.user
    roles = RoleAssignment.objects.active().filter(user=user)
    return Response(
        s.MeSerializer(
            {
                "id": user.pk,
                "username": user.username,
                "display_name": str(user),
                "kind": user.kind,
                "company_wide": access.is_company_wide(user),
                "roles": roles,
                "unit_ids": sorted(access.resident_unit_ids(user)),
            }
        ).data
    )


class UserViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Staff accounts of the projects where the user may see staff (users.view)."""

    serializer_class = s.UserSerializer
    # search_fields needs SearchFilter, which is not among the default backends.
    filter_backends = [*api_settings.DEFAULT_FILTER_BACKENDS, SearchFilter]
    filterset_fields = ["kind", "is_active"]
    search_fields = ["username", "display_name"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        user = self.request.user
        qs = User.objects.prefetch_related(Prefetch("assignments", queryset=RoleAssignment.objects.active()))
        projects = access.projects_with_perm(user, "users.view")
        if projects is None:
            return qs.order_by("username")
        return (
            qs.filter(
                Q(pk=user.pk) | Q(assignments__project_id__in=projects, assignments__ended_at__isnull=True)
            )
            .distinct()
            .order_by("username")
        )

    def get_serializer_class(self):
        return s.UserCreateSerializer if self.action == "create" else s.UserSerializer

    @extend_schema(request=s.UserCreateSerializer, responses={201: s.UserSerializer})
    def create(self, request, *args, **kwargs):
        data = s.UserCreateSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        user = services.user_create(acting_user=request.user, **data.validated_data)
        return Response(s.UserSerializer(user).data, status=status.HTTP_201_CREATED)


class AssignmentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Role assignments: (user, project, role). Ended, never deleted."""

    serializer_class = s.AssignmentSerializer
    filterset_fields = ["user", "project", "role"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return RoleAssignment.objects.none()
        user = self.request.user
        qs = RoleAssignment.objects.select_related("user", "assigned_by")
        projects = access.projects_with_perm(user, "users.view")
        if projects is None:
            return qs
        return qs.filter(Q(user=user) | Q(project_id__in=projects))

    def perform_create(self, serializer):
        serializer.instance = services.assignment_create(
            acting_user=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=None, responses=s.AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = services.assignment_end(assignment=self.get_object(), acting_user=request.user)
        return Response(s.AssignmentSerializer(assignment, context=self.get_serializer_context()).data)
