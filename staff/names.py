"""How a member of staff is named to others: the name on their staff profile (挂牌上岗),
the username when they have none."""

from django.contrib.auth import get_user_model


def display_name(user) -> str:
    if user is None:
        return ""
    profile = getattr(user, "staff_profile", None)
    return profile.name if profile else user.get_username()


def name_and_badge(user) -> tuple[str, str]:
    """For printouts: the name and the badge number (— without a staff profile)."""
    profile = getattr(user, "staff_profile", None)
    return (profile.name, profile.badge_number) if profile else (user.get_username(), "—")


def display_names() -> dict[int, str]:
    """Every user's display name by id, in one query (for exports of many rows)."""
    users = get_user_model().objects.values_list("pk", "staff_profile__name", "username")
    return {pk: name or username for pk, name, username in users}
