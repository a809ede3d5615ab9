"""The three roles of the center and the staff-page guard.

Groups are created with their permissions by a data migration (staff 0002) and kept
in step by `sync_groups`, which later apps' migrations call again for their own models.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    # The value is the group's name as supervisors see it in the admin.
    CLERK = "窗口工作人员", _("Counter clerk")
    SUPERVISOR = "主管", _("Supervisor")
    DIRECTOR = "中心主任", _("Center director")


MANAGERS = (Role.SUPERVISOR, Role.DIRECTOR)
EVERYONE = (Role.CLERK, Role.SUPERVISOR, Role.DIRECTOR)

# Model permissions per role, as "app_label.codename". Clerks work through the staff
# pages, not the admin, so they need only what those pages check.
PERMISSIONS: dict[str, list[str]] = {
    Role.CLERK: [
        "servicecenter.view_centerprofile",
        "servicecenter.view_workdayoverride",
        "staff.view_counter",
        "staff.view_staffprofile",
        "disclosure.view_category",
        "disclosure.view_serviceitem",
        "disclosure.view_rule",
    ],
    Role.SUPERVISOR: [
        "servicecenter.view_centerprofile",
        "servicecenter.change_centerprofile",
        "servicecenter.view_openinghours",
        "servicecenter.add_openinghours",
        "servicecenter.change_openinghours",
        "servicecenter.delete_openinghours",
        "servicecenter.view_workdayoverride",
        "servicecenter.add_workdayoverride",
        "servicecenter.change_workdayoverride",
        "servicecenter.delete_workdayoverride",
        "staff.view_counter",
        "staff.add_counter",
        "staff.change_counter",
        "staff.view_staffprofile",
        "staff.add_staffprofile",
        "staff.change_staffprofile",
        # Only to pick a staff profile's account; accounts are the director's (see below).
        "auth.view_user",
        # The catalog and what else the center publishes (办事公开制).
        *[
            f"disclosure.{action}_{model}"
            for model in ["category", "serviceitem", "material", "step", "fee", "rule", "notice"]
            for action in ["view", "add", "change", "delete"]
        ],
        "disclosure.view_publishedresult",
        "intake.view_queuesettings",
        "intake.change_queuesettings",
        "intake.add_queuesettings",
        "intake.view_ticket",
        "intake.view_appointment",
        "intake.view_countersession",
        "intake.view_call",
        "intake.view_case",
        "intake.view_casenotice",
        "intake.view_lostitem",
    ],
}
# The director may do everything a supervisor may, and manages the accounts: creates staff
# users, sets their role groups, resets passwords (the admin) and unlocks lockouts (the
# Chinese page /staff/accounts/locked/, which records who unlocked whom and replaces axes'
# English list of attempts; axes' sign-in log stays readable, read-only). No role holds
# auth.*_group or auth.*_permission, and the admin keeps is_superuser and user_permissions
# for superusers: nobody can grant themselves more than their role.
PERMISSIONS[Role.DIRECTOR] = PERMISSIONS[Role.SUPERVISOR] + [
    "auth.add_user",
    "auth.change_user",
    "axes.view_accesslog",
]


def sync_groups(apps) -> None:
    """Create the role groups and give each exactly its permissions (run from migrations)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Permissions are normally made after migrate; make them now so groups can hold them.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=str(role))
        perms = []
        for name in names:
            app_label, codename = name.split(".")
            perms += Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        group.permissions.set(perms)


def migrate_roles(apps, schema_editor) -> None:
    """RunPython step for the migrations that give the groups new permissions."""
    sync_groups(apps)


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Role.values)
    # The auth context caches groups on the user for the request.
    if not hasattr(user, "_role_names"):
        user._role_names = set(user.groups.values_list("name", flat=True)) & set(Role.values)
    return user._role_names


def is_manager(user) -> bool:
    """A supervisor or the director."""
    return bool(user_roles(user) & {str(role) for role in MANAGERS})


def role_required(*roles: str) -> Callable:
    """Staff pages: anonymous users go to the login page, other roles get 403.

    The allowed roles are kept on the view, so the URL-walking test can check every page.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_roles(request.user) & {str(role) for role in roles}:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded = login_required(wrapped)
        guarded.allowed_roles = frozenset(str(role) for role in roles)
        return guarded

    return decorator
