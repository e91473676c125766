"""Demo logins: the superuser, one member of staff per role, and the owner and tenant logins."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from wuye.accounts.choices import Role, UserKind
from wuye.accounts.models import RoleAssignment, User
from wuye.accounts.services import assignment_create
from wuye.core.audit import stamp
from wuye.core.fakes import UniqueFaker
from wuye.demo.estate import OFFICE_CODE, OWNER_LOGIN_UNIT, RESIDENTIAL_CODE, TENANT_LOGIN_UNIT
from wuye.estate import services
from wuye.estate.models import Owner, Project, Tenant

DEMO_PASSWORD = "wuye12345"

# username, display name, role, project codes (company_manager: company-wide)
STAFF = [
    ("cs_assistant", "周晓雯", Role.CS_ASSISTANT, (RESIDENTIAL_CODE,)),
    ("cs_supervisor", "陈立新", Role.CS_SUPERVISOR, (RESIDENTIAL_CODE,)),
    ("project_manager", "王建国", Role.PROJECT_MANAGER, (RESIDENTIAL_CODE, OFFICE_CODE)),
    ("engineer", "刘振华", Role.ENGINEER, (RESIDENTIAL_CODE,)),
    ("engineering_lead", "赵德明", Role.ENGINEERING_LEAD, (RESIDENTIAL_CODE, OFFICE_CODE)),
    ("security", "孙浩", Role.SECURITY, (RESIDENTIAL_CODE,)),
    ("security_lead", "马永康", Role.SECURITY_LEAD, (RESIDENTIAL_CODE, OFFICE_CODE)),
    ("cashier", "林秀英", Role.CASHIER, (RESIDENTIAL_CODE, OFFICE_CODE)),
    ("archivist", "许雅琴", Role.ARCHIVIST, (RESIDENTIAL_CODE,)),
    ("key_keeper", "郭海燕", Role.KEY_KEEPER, (RESIDENTIAL_CODE,)),
    ("company_manager", "黄志远", Role.COMPANY_MANAGER, ()),
    ("guomao_assistant", "杨佳琪", Role.CS_ASSISTANT, (OFFICE_CODE,)),
]


class AccountsDemo:
    """Mixin of the `load_demo` command: users and role assignments."""

    def _user(self, username: str, **fields) -> tuple[User, bool]:
        user = User.objects.filter(username=username).first()
        if user is not None:
            return user, False
        self.password = self.password or make_password(DEMO_PASSWORD)
        user = User(username=username, password=self.password, **fields)
        stamp(user, getattr(self, "admin", None))
        user.save()
        self.created["users"] += 1
        return user, True

    def _admin(self) -> User:
        admin, _ = self._user(
            "admin", kind=UserKind.STAFF, display_name="系统管理员（演示）", is_staff=True, is_superuser=True
        )
        return admin

    def _staff(self, projects: dict[str, Project], new_projects: set[str]) -> None:
        faker = UniqueFaker(7)
        for username, name, role, codes in STAFF:
            user, new_user = self._user(
                username, kind=UserKind.STAFF, display_name=name, mobile=faker.mobile()
            )
            targets = [None] if role == Role.COMPANY_MANAGER else [projects[c] for c in codes]
            for project in targets:
                if not (new_user or (project is not None and project.code in new_projects)):
                    continue
                held = RoleAssignment.objects.active().filter(user=user, project=project, role=role)
                if not held.exists():
                    assignment_create(user=user, project=project, role=role, acting_user=self.admin)
                    self.created["assignments"] += 1

    def _resident_logins(self, project: Project) -> None:
        owner = (
            Owner.objects.filter(
                project=project,
                user__isnull=True,
                ownerships__unit__code=OWNER_LOGIN_UNIT,
                ownerships__end_date=None,
            )
            .order_by("id")
            .first()
        )
        if owner is not None and not User.objects.filter(username="owner").exists():
            user, _ = self._user("owner", kind=UserKind.OWNER, display_name=owner.name, mobile=owner.mobile)
            services.owner_update(owner=owner, acting_user=self.admin, user=user)
        tenant = (
            Tenant.objects.filter(
                project=project,
                user__isnull=True,
                leases__unit__code=TENANT_LOGIN_UNIT,
                leases__end_date=None,
            )
            .order_by("id")
            .first()
        )
        if tenant is not None and not User.objects.filter(username="tenant").exists():
            user, _ = self._user(
                "tenant", kind=UserKind.TENANT, display_name=tenant.name, mobile=tenant.mobile
            )
            services.tenant_update(tenant=tenant, acting_user=self.admin, user=user)
