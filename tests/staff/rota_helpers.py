"""People, shifts and rota entries for the rota, leave and attendance tests."""

import datetime as dt

from servicecenter.dates import local_datetime
from servicecenter.roles import Role
from staff.models import Counter, RotaEntry, Shift, StaffProfile
from tests.conftest import make_user


def person(username: str, role: Role = Role.CLERK, *, name: str = "", counter: int | None = None):
    user = make_user(username, role)
    window = None
    if counter is not None:
        window, _ = Counter.objects.get_or_create(
            number=counter, defaults={"name": f"{counter}号窗口"}
        )
    StaffProfile.objects.update_or_create(
        user=user,
        defaults={
            "name": name or username,
            "title": "综合受理员",
            "badge_number": f"T-{username.upper()}",
            "counter": window,
        },
    )
    return user


def day_shift() -> Shift:
    """The center's day: 9:00–18:00 with lunch 12:00–13:00."""
    shift, _ = Shift.objects.get_or_create(
        name="日班",
        defaults={
            "starts": dt.time(9),
            "ends": dt.time(18),
            "break_starts": dt.time(12),
            "break_ends": dt.time(13),
        },
    )
    return shift


def put_on_rota(user, *days: dt.date, shift: Shift | None = None, duty=RotaEntry.Duty.REGULAR):
    for day in days:
        RotaEntry.objects.update_or_create(
            user=user,
            date=day,
            defaults={
                "shift": shift or day_shift(),
                "duty": duty,
                "counter": user.staff_profile.counter,
            },
        )


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """`day` at hour:minute, Asia/Shanghai."""
    return local_datetime(day, dt.time(hour, minute))
