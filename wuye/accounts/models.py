from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wuye.accounts.choices import Role, UserKind
from wuye.core.history import HistoricalRecords


class User(AbstractUser):
    """Staff, owners and tenants all log in with this model; `kind` tells them apart."""

    Kind = UserKind  # lower floors reach the kinds through get_user_model().Kind, not by importing accounts

    kind = models.CharField(_("kind"), max_length=10, choices=UserKind.choices, default=UserKind.STAFF)
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    # the project a new session opens in (the last one switched to); never shown if no longer visible
    last_project = models.ForeignKey(
        "estate.Project",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last project"),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login", "last_project"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    @property
    def is_resident(self) -> bool:
        return self.kind in (UserKind.OWNER, UserKind.TENANT)


class RoleAssignmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class RoleAssignment(models.Model):
    """A user holds a role in a project. Company managers hold theirs company-wide (no project)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("user")
    )
    project = models.ForeignKey(
        "estate.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("project"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = RoleAssignmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user_id", "project_id", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "project", "role"],
                condition=Q(ended_at__isnull=True),
                name="uniq_active_assignment",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(ended_at__isnull=True, project__isnull=True),
                name="uniq_active_companywide_assignment",
            ),
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(role=Role.COMPANY_MANAGER),
                name="assignment_project_required_unless_company_manager",
            ),
        ]

    def __str__(self) -> str:
        where = self.project.name if self.project_id else _("all projects")
        return f"{self.user} · {self.get_role_display()} · {where}"


class TokenState(models.Model):
    """The life of an API token (DRF's `Token`): when it was last used, and the user's password
    fingerprint when it was issued. A token ends after `WUYE_TOKEN_IDLE` without use, after
    `WUYE_TOKEN_MAX_AGE` in all, at logout, and when the password changes (the fingerprint no
    longer matches) or the user is deactivated (wuye/accounts/tokens.py)."""

    token = models.OneToOneField(
        "authtoken.Token", on_delete=models.CASCADE, primary_key=True, related_name="state"
    )
    last_used_at = models.DateTimeField()
    auth_hash = models.CharField(max_length=128)

    class Meta:
        verbose_name = _("API token state")
        verbose_name_plural = _("API token states")

    def __str__(self) -> str:
        return f"{self.token_id[:6]}… · {self.last_used_at:%Y-%m-%d %H:%M}"
