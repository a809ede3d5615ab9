"""Staff photos are JPEG or PNG, checked by content, and never served as a page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from staff.models import StaffProfile
from tests.staff.test_staff_admin import VALID_ID, form_data


def image(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (30, 40), "white").save(out, fmt)
    return out.getvalue()


@pytest.fixture
def profile(clerk):
    return StaffProfile.objects.create(
        user=clerk, name="王芳", title="综合受理员", badge_number="SQ-001", id_number=VALID_ID
    )


def post_photo(client, profile, content: bytes, name: str):
    url = f"/admin/staff/staffprofile/{profile.pk}/change/"
    return client.post(url, form_data(profile, photo=SimpleUploadedFile(name, content)))


@pytest.mark.parametrize(("fmt", "name"), [("GIF", "photo.gif"), ("BMP", "photo.png")])
def test_photos_other_than_jpeg_or_png_are_refused(client, supervisor, profile, fmt, name):
    client.force_login(supervisor)
    response = post_photo(client, profile, image(fmt), name)
    assert response.status_code == 200
    assert "照片只能是 JPEG 或 PNG 图片" in response.content.decode()
    profile.refresh_from_db()
    assert not profile.photo


def test_a_jpeg_photo_is_shown_inline_with_nosniff(client, supervisor, profile):
    client.force_login(supervisor)
    assert post_photo(client, profile, image("JPEG"), "photo.jpg").status_code == 302
    profile.refresh_from_db()
    client.logout()
    response = client.get(profile.photo.url)
    assert response["Content-Type"] == "image/jpeg"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["X-Content-Type-Options"] == "nosniff"
