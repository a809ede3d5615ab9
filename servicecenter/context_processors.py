from django.http import HttpRequest

from servicecenter.models import CenterProfile
from servicecenter.roles import Role, is_manager, user_roles


def site(request: HttpRequest) -> dict:
    """The center's profile for the footer and the current user's roles for the navigation."""
    roles = user_roles(request.user) if hasattr(request, "user") else set()
    return {
        "center": CenterProfile.current(),
        "is_clerk": str(Role.CLERK) in roles,
        "is_manager": is_manager(request.user) if roles else False,
        # The director's pages (the unlock page) by role, as their views check: the roles
        # are read already, the permissions would take two more queries on every page.
        "is_director": str(Role.DIRECTOR) in roles,
        "is_staff_member": bool(roles),
    }
