"""The three roles of the center and the staff-page guard.

Each app declares the permissions its roles hold (`role_permissions` on its AppConfig);
groups get them through `sync_groups`, run by data migrations with the lists of their time
(servicecenter.frozen_roles for the first ones).
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


def role_permissions() -> dict[str, list[str]]:
    """Model permissions per role, as "app_label.codename": each app declares its own in
    its AppConfig's `role_permissions`; they are merged here through the app registry, so
    the core imports no app above it. The director holds everything a supervisor holds."""
    from django.apps import apps as registry

    merged: dict[str, list[str]] = {str(role): [] for role in Role}
    for config in registry.get_app_configs():
        for role, names in getattr(config, "role_permissions", {}).items():
            merged[str(role)] += names
    merged[str(Role.DIRECTOR)] = merged[str(Role.SUPERVISOR)] + merged[str(Role.DIRECTOR)]
    return merged


def sync_groups(apps, permissions: dict[str, list[str]] | None = None) -> None:
    """Create the role groups and give each exactly its permissions (run from migrations,
    which pass the lists of their time; without them, today's role_permissions())."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Permissions are normally made after migrate; make them now so groups can hold them.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in (permissions or role_permissions()).items():
        group, _created = Group.objects.get_or_create(name=str(role))
        perms = []
        for name in names:
            app_label, codename = name.split(".")
            perms += Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        group.permissions.set(perms)


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
