from django.contrib.auth import authenticate
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.signals import user_logged_in
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes, throttle_classes
from rest_framework.filters import SearchFilter
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle

from wuye.accounts import services
from wuye.accounts.api import serializers as s
from wuye.accounts.login_guard import lockout_response
from wuye.accounts.models import RoleAssignment, User
from wuye.accounts.tokens import token_issue, token_revoke
from wuye.core import access
from wuye.core.errors import BusinessRuleError


class LoginThrottle(AnonRateThrottle):
    """Requests to the token endpoint per client address (any outcome); failed logins are limited
    per username and address by the login guard (wuye.accounts.login_guard)."""

    rate = "30/min"


@extend_schema(request=s.TokenRequestSerializer, responses={200: s.TokenResponseSerializer}, auth=[])
@api_view(["POST"])
@permission_classes([AllowAny])
@throttle_classes([LoginThrottle])
def obtain_token(request):
    """Exchange username and password for an API token (`Authorization: Token <token>`).

    The token ends after 12 hours without use or 7 days in all, at `POST /api/v1/auth/logout/`,
    and when the password changes or the user is deactivated; then log in again.

    After 5 wrong passwords for a username (or from one address) the login is locked for 15
    minutes: HTTP 429 `login_locked` with `Retry-After`."""
    data = s.TokenRequestSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    user = authenticate(
        request, username=data.validated_data["username"], password=data.validated_data["password"]
    )
    if getattr(request, "axes_locked_out", False):  # set by the guard on DRF's request object
        return lockout_response(request)
    if user is None or not user.is_active:
        msg = _("Wrong username or password.")
        raise BusinessRuleError("invalid_credentials", msg, {"password": [msg]})
    # a login like the console's: last_login is stamped and the failed-login count reset
    user_logged_in.send(sender=user.__class__, request=request, user=user)
    return Response({"token": token_issue(user=user).key})


@extend_schema(request=None, responses={204: None})
@api_view(["POST"])
def logout(request):
    """End the caller's API token (and the console session, when the call comes from one)."""
    token_revoke(user=request.user)
    if request.session.session_key:
        auth_logout(request._request)
    return Response(status=status.HTTP_204_NO_CONTENT)


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
