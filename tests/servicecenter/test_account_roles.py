"""Who manages accounts: each role × each action on users, groups and lockouts.

Only the 中心主任 (and superusers) manage accounts: create staff users, change groups, reset
passwords, unlock a lockout. Nobody but a superuser grants superuser or single permissions.
A supervisor still edits staff profiles. Every action is tried for real (forged POSTs
included) and judged by what changed in the database, not by what the form showed.
"""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, Permission, User
from django.utils import timezone

from servicecenter.roles import Role
from staff.models import Counter, StaffProfile
from tests.conftest import make_user

NEW_PASSWORD = "Kw7-long-enough-2026"


@pytest.fixture
def people(db) -> dict[str, User]:
    """The four acting roles and the accounts they act on."""
    root = User.objects.create_superuser("root", password="pw-for-tests-2026")
    target = make_user("clerk2", Role.CLERK)
    StaffProfile.objects.create(user=target, name="李娜", title="综合受理员", badge_number="SQ-002")
    return {
        "clerk": make_user("clerk", Role.CLERK),
        "supervisor": make_user("supervisor", Role.SUPERVISOR),
        "director": make_user("director", Role.DIRECTOR),
        "superuser": root,
        "target": target,
        "other director": make_user("director2", Role.DIRECTOR),
        "other superuser": User.objects.create_superuser("root2", password="pw-for-tests-2026"),
    }


def user_form(user: User, **changes) -> dict:
    """The admin's change form for `user` as the browser would post it, with `changes`."""
    joined = timezone.localtime(user.date_joined)
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "groups": [group.pk for group in user.groups.all()],
        "date_joined_0": joined.date().isoformat(),
        "date_joined_1": joined.strftime("%H:%M:%S"),
        "last_login_0": "",
        "last_login_1": "",
    }
    if user.is_staff:
        data["is_staff"] = "on"
    return {**data, **changes}


def change_url(user: User) -> str:
    return f"/admin/auth/user/{user.pk}/change/"


def password_url(user: User) -> str:
    return f"/admin/auth/user/{user.pk}/password/"


def lock_out(user: User) -> None:
    """What django-axes records after five wrong passwords from one computer."""
    AccessAttempt.objects.create(
        username=user.username,
        ip_address="10.0.0.8",
        user_agent="Mozilla/5.0",
        http_accept="text/html",
        path_info="/accounts/login/",
        get_data="",
        post_data="",
        failures_since_start=5,
    )


# Each action is tried by the acting user's client; it returns whether it took effect.


def see_the_user_list(client, people) -> bool:
    response = client.get("/admin/auth/user/")
    return response.status_code == 200 and "clerk2" in response.content.decode()


def add_a_user(client, people) -> bool:
    client.post(
        "/admin/auth/user/add/",
        {
            "username": "newclerk",
            "usable_password": "true",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    return User.objects.filter(username="newclerk").exists()


def change_a_users_groups(client, people) -> bool:
    target = people["target"]
    supervisors = Group.objects.get(name=Role.SUPERVISOR)
    client.post(change_url(target), user_form(target, groups=[supervisors.pk]))
    return target.groups.filter(pk=supervisors.pk).exists()


def add_someone_to_the_directors(client, people) -> bool:
    target = people["target"]
    directors = Group.objects.get(name=Role.DIRECTOR)
    client.post(change_url(target), user_form(target, groups=[directors.pk]))
    return target.groups.filter(pk=directors.pk).exists()


def set_is_superuser(client, people) -> bool:
    target = people["target"]
    client.post(change_url(target), user_form(target, is_superuser="on"))
    target.refresh_from_db()
    return target.is_superuser


def set_user_permissions(client, people) -> bool:
    target = people["target"]
    change_user = Permission.objects.get(content_type__app_label="auth", codename="change_user")
    client.post(change_url(target), user_form(target, user_permissions=[change_user.pk]))
    return target.user_permissions.exists()


def reset_password_of(who: str):
    def reset(client, people) -> bool:
        user = people[who]
        data = {"usable_password": "true", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        client.post(password_url(user), data)
        user.refresh_from_db()
        return user.check_password(NEW_PASSWORD)

    return reset


def unlock_a_locked_account(client, people) -> bool:
    target = people["target"]
    lock_out(target)
    client.post("/staff/accounts/unlock/", {"username": target.username})
    return not AccessAttempt.objects.filter(username=target.username).exists()


def edit_a_staff_profile(client, people) -> bool:
    profile = people["target"].staff_profile
    counter = Counter.objects.create(number=7, name="综合窗口")
    data = {
        "user": profile.user_id,
        "name": profile.name,
        "title": profile.title,
        "badge_number": "SQ-099",
        "counter": counter.pk,
        "phone": "13812345678",
        "phone_is_public": "on",
        "is_public": "on",
        "new_id_number": "",
    }
    client.post(f"/admin/staff/staffprofile/{profile.pk}/change/", data)
    profile.refresh_from_db()
    return (profile.badge_number, profile.counter, profile.public_phone) == (
        "SQ-099",
        counter,
        "13812345678",
    )


ROLES = ["clerk", "supervisor", "director", "superuser"]
# action: what it does, and whether it takes effect for clerk, supervisor, director, superuser
MATRIX = [
    (see_the_user_list, (False, True, True, True)),
    (add_a_user, (False, False, True, True)),
    (change_a_users_groups, (False, False, True, True)),
    (add_someone_to_the_directors, (False, False, True, True)),
    (set_is_superuser, (False, False, False, True)),
    (set_user_permissions, (False, False, False, True)),
    (reset_password_of("target"), (False, False, True, True)),
    (reset_password_of("other director"), (False, False, True, True)),
    (reset_password_of("other superuser"), (False, False, False, True)),
    (unlock_a_locked_account, (False, False, True, True)),
    (edit_a_staff_profile, (False, True, True, True)),
]
NAMES = [
    "see the user list",
    "add a user",
    "change a user's groups",
    "add someone to 中心主任",
    "set is_superuser (forged POST)",
    "set user_permissions (forged POST)",
    "reset a clerk's password",
    "reset another director's password",
    "reset a superuser's password",
    "unlock a locked account",
    "edit a staff profile (badge, counter, public phone)",
]


@pytest.mark.parametrize(
    ("action", "role", "allowed"),
    [
        pytest.param(action, role, allowed, id=f"{role}: {name}")
        for (action, outcomes), name in zip(MATRIX, NAMES, strict=True)
        for role, allowed in zip(ROLES, outcomes, strict=True)
    ],
)
def test_account_actions_by_role(client, people, action, role, allowed):
    client.force_login(people[role])
    assert action(client, people) is allowed


# What the admin's user pages offer and refuse, beyond the matrix.


def test_role_groups_never_hold_group_or_permission_rights(db):
    for group in Group.objects.filter(name__in=Role.values):
        granted = set(group.permissions.values_list("content_type__model", "codename"))
        assert not {item for item in granted if item[0] in {"group", "permission"}}, group.name


def test_only_the_director_group_may_add_and_change_users(db):
    def rights(role: Role) -> set[str]:
        group = Group.objects.get(name=role)
        return set(
            group.permissions.filter(content_type__app_label="auth").values_list(
                "codename", flat=True
            )
        )

    assert rights(Role.SUPERVISOR) == {"view_user"}  # the staff profile's user picker
    assert {"add_user", "change_user", "view_user"} <= rights(Role.DIRECTOR)
    assert not rights(Role.CLERK)


def test_director_form_has_no_superuser_or_permission_fields(client, people):
    client.force_login(people["director"])
    page = client.get(change_url(people["target"])).content.decode()
    assert 'name="groups"' in page
    assert 'name="is_superuser"' not in page
    assert 'name="user_permissions"' not in page


def test_superuser_form_still_has_them(client, people):
    client.force_login(people["superuser"])
    page = client.get(change_url(people["target"])).content.decode()
    assert 'name="is_superuser"' in page and 'name="user_permissions"' in page


def test_director_is_offered_only_the_role_groups(client, people):
    everything = Group.objects.create(name="全部权限")
    everything.permissions.set(Permission.objects.all())
    target = people["target"]
    client.force_login(people["director"])
    page = client.get(change_url(target)).content.decode()
    assert "全部权限" not in page
    assert all(str(role) in page for role in Role)
    response = client.post(change_url(target), user_form(target, groups=[everything.pk]))
    assert response.status_code == 200  # the form comes back with its error
    assert not target.groups.filter(pk=everything.pk).exists()


def test_director_neither_sees_nor_opens_a_superuser(client, people):
    client.force_login(people["director"])
    listing = client.get("/admin/auth/user/").content.decode()
    assert "root2" not in listing and "clerk2" in listing
    root = people["other superuser"]
    for url in [change_url(root), password_url(root), f"/admin/auth/user/{root.pk}/delete/"]:
        response = client.get(url)
        assert response.status_code in {302, 403, 404}, url
        assert "root2" not in response.content.decode()


def test_supervisor_cannot_open_the_password_page(client, people):
    client.force_login(people["supervisor"])
    assert client.get(password_url(people["target"])).status_code == 403


def test_supervisor_still_picks_a_user_for_a_staff_profile(client, people):
    client.force_login(people["supervisor"])
    response = client.get(
        "/admin/autocomplete/",
        {
            "app_label": "staff",
            "model_name": "staffprofile",
            "field_name": "user",
            "term": "clerk",
        },
    )
    assert response.status_code == 200
    usernames = {item["text"] for item in response.json()["results"]}
    assert "clerk2" in usernames


# The director's unlock page.


def test_unlock_page_lists_locked_accounts_in_chinese(client, people):
    lock_out(people["target"])
    almost = people["supervisor"]
    AccessAttempt.objects.create(
        username=almost.username,
        ip_address="10.0.0.9",
        user_agent="Mozilla/5.0",
        failures_since_start=2,
    )
    client.force_login(people["director"])
    page = client.get("/staff/accounts/locked/").content.decode()
    assert "被锁定的账号" in page
    assert "李娜" in page and "clerk2" in page
    assert "10.0.0.8" in page
    assert ">supervisor<" not in page  # two wrong passwords do not lock
    until = timezone.localtime(AccessAttempt.objects.get(username="clerk2").attempt_time)
    assert (until + timedelta(hours=1)).strftime("%H:%M") in page
    assert 'name="csrfmiddlewaretoken"' in page


def test_a_lock_past_its_hour_is_not_listed(client, people):
    lock_out(people["target"])
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=2))
    client.force_login(people["director"])
    page = client.get("/staff/accounts/locked/").content.decode()
    assert "clerk2" not in page


def test_unlocking_confirms_and_records_who_unlocked_whom(client, people):
    lock_out(people["target"])
    client.force_login(people["director"])
    response = client.post("/staff/accounts/unlock/", {"username": "clerk2"}, follow=True)
    assert "已解锁" in response.content.decode() and "李娜" in response.content.decode()
    entry = LogEntry.objects.get(object_id=str(people["target"].pk))
    assert entry.user == people["director"]
    assert "解锁" in entry.get_change_message()
    history = client.get(f"/admin/auth/user/{people['target'].pk}/history/").content.decode()
    assert "解锁登录" in history  # the director reads it in the account's history


def test_unlocking_an_account_that_is_not_locked_changes_nothing(client, people):
    client.force_login(people["director"])
    response = client.post("/staff/accounts/unlock/", {"username": "clerk2"}, follow=True)
    assert response.status_code == 200
    assert "未被锁定" in response.content.decode()
    assert not LogEntry.objects.exists()


def test_director_cannot_unlock_a_superuser(client, people):
    lock_out(people["other superuser"])
    client.force_login(people["director"])
    assert "root2" not in client.get("/staff/accounts/locked/").content.decode()
    client.post("/staff/accounts/unlock/", {"username": "root2"})
    assert AccessAttempt.objects.filter(username="root2").exists()


def test_unlocked_clerk_signs_in_again(client, people):
    for _attempt in range(5):
        client.post("/accounts/login/", {"username": "clerk2", "password": "wrong"})
    login = {"username": "clerk2", "password": "pw-for-tests-2026"}
    assert client.post("/accounts/login/", login).status_code == 429
    client.force_login(people["director"])
    client.post("/staff/accounts/unlock/", {"username": "clerk2"})
    client.logout()
    response = client.post("/accounts/login/", login)
    assert response.status_code == 302 and response["Location"] == "/desk/"


def test_director_unlocks_only_through_the_recorded_page(client, people):
    lock_out(people["target"])
    attempt = AccessAttempt.objects.get()
    client.force_login(people["director"])
    client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert AccessAttempt.objects.exists()
    # axes' English list of attempts is replaced by the Chinese page; its sign-in log stays.
    index = client.get("/admin/").content.decode()
    assert "/admin/axes/accessattempt/" not in index
    assert "/admin/axes/accesslog/" in index
    assert client.get("/admin/axes/accesslog/").status_code == 200


def test_director_finds_the_unlock_page_in_the_navigation(client, people):
    client.force_login(people["director"])
    assert 'href="/staff/accounts/locked/"' in client.get("/desk/").content.decode()
    assert 'href="/staff/accounts/locked/"' in client.get("/admin/").content.decode()
    client.force_login(people["supervisor"])
    assert 'href="/staff/accounts/locked/"' not in client.get("/desk/").content.decode()
    assert 'href="/staff/accounts/locked/"' not in client.get("/admin/").content.decode()


def test_director_changing_a_role_keeps_groups_only_a_superuser_gives(client, people):
    archive = Group.objects.create(name="档案管理")
    target = people["target"]
    target.groups.add(archive)
    supervisors = Group.objects.get(name=Role.SUPERVISOR)
    client.force_login(people["director"])
    response = client.post(change_url(target), user_form(target, groups=[supervisors.pk]))
    assert response.status_code == 302
    assert set(target.groups.values_list("name", flat=True)) == {"主管", "档案管理"}


def test_unlock_page_queries_do_not_grow_with_the_locks(client, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(people["director"])

    def queries() -> int:
        client.get("/staff/accounts/locked/")  # fills the caches a new profile emptied
        with CaptureQueriesContext(connection) as context:
            assert client.get("/staff/accounts/locked/").status_code == 200
        return len(context)

    lock_out(people["target"])
    one = queries()
    for number in range(5):
        user = make_user(f"clerk-{number}", Role.CLERK)
        StaffProfile.objects.create(
            user=user, name=f"员工{number}", title="受理员", badge_number=f"SQ-1{number}"
        )
        lock_out(user)
    assert queries() == one


def test_only_the_director_sees_the_unlock_page_in_the_navigation(client, people):
    unlock = 'href="/staff/accounts/locked/"'
    for who, shown in (("director", True), ("supervisor", False)):
        client.force_login(people[who])
        page = client.get("/desk/daily/").content.decode()
        assert (unlock in page) is shown, who
