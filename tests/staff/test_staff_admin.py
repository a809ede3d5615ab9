import pytest

from staff.models import StaffProfile

VALID_ID = "11010519491231002X"


@pytest.fixture
def profile(clerk):
    return StaffProfile.objects.create(
        user=clerk, name="王芳", title="综合受理员", badge_number="SQ-001", id_number=VALID_ID
    )


def form_data(profile, **changes):
    data = {
        "user": profile.user_id,
        "name": profile.name,
        "title": profile.title,
        "badge_number": profile.badge_number,
        "phone": "13812345678",
        "phone_is_public": "on",
        "is_public": "on",
        "new_id_number": "",
    }
    return {**data, **changes}


def test_supervisor_sees_the_id_number_masked_only(client, supervisor, profile):
    client.force_login(supervisor)
    page = client.get(f"/admin/staff/staffprofile/{profile.pk}/change/").content.decode()
    assert "110105********002X" in page
    assert VALID_ID not in page


def test_saving_without_a_new_id_number_keeps_the_stored_one(client, supervisor, profile):
    client.force_login(supervisor)
    url = f"/admin/staff/staffprofile/{profile.pk}/change/"
    assert client.post(url, form_data(profile, title="窗口负责人")).status_code == 302
    profile.refresh_from_db()
    assert profile.title == "窗口负责人"
    assert profile.id_number == VALID_ID


def test_invalid_id_number_is_refused_and_nothing_changes(client, supervisor, profile):
    client.force_login(supervisor)
    url = f"/admin/staff/staffprofile/{profile.pk}/change/"
    data = form_data(profile, title="改了", new_id_number="110105194912310021")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "校验" in response.content.decode()
    profile.refresh_from_db()
    assert profile.title == "综合受理员"
    assert profile.history.count() == 1


def test_invalid_phone_is_refused(client, supervisor, profile):
    client.force_login(supervisor)
    url = f"/admin/staff/staffprofile/{profile.pk}/change/"
    response = client.post(url, form_data(profile, phone="12345"))
    assert response.status_code == 200
    assert "手机" in response.content.decode()


def test_staff_list_masks_phones(client, supervisor, profile):
    profile.phone = "13812345678"
    profile.save()
    client.force_login(supervisor)
    page = client.get("/staff/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
