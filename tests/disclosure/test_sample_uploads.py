"""Blank forms uploaded in the admin are checked by their content and served as downloads.

A supervisor once uploaded blank-form.html as a sample; it was served from the site's own
origin as text/html and its script read a signed-in clerk's pages.
"""

import io
import re
import zipfile
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from disclosure.models import Material

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
HTML = b"<!doctype html><script>fetch('/desk/ledger/').then(r => r.text())</script>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


class FormFields(HTMLParser):
    """The values a browser would post back from an admin change form."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("file", "submit", "checkbox"):
            self.data[name] = a.get("value") or ""
        elif tag == "input" and name and a.get("type") == "checkbox" and "checked" in a:
            self.data[name] = "on"
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


@pytest.fixture
def material(residence_permit) -> Material:
    return residence_permit.materials.order_by("order").first()


def upload_sample(client, material, content: bytes, name: str):
    url = f"/admin/disclosure/serviceitem/{material.item_id}/change/"
    parser = FormFields()
    parser.feed(client.get(url).content.decode())
    data = {k: v for k, v in parser.data.items() if k != "counters"}
    index = next(
        m.group(1)
        for key, value in data.items()
        if (m := re.fullmatch(r"materials-(\d+)-id", key)) and value == str(material.pk)
    )
    data[f"materials-{index}-sample"] = SimpleUploadedFile(name, content)
    data.pop("_saveasnew", None)
    return client.post(url, data)


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (HTML, "blank-form.html"),
        (SVG, "blank-form.svg"),
        (b"<script>alert(1)</script>", "form.js"),
        (HTML, "blank-form.pdf"),  # renamed: the content decides, not the name
    ],
)
def test_html_svg_and_script_samples_are_refused_in_the_admin(
    client, supervisor, material, content, name
):
    client.force_login(supervisor)
    response = upload_sample(client, material, content, name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "只能上传 PDF、Word、Excel、JPEG 或 PNG 文件" in page
    material.refresh_from_db()
    assert not material.sample


def test_a_20_mb_sample_is_refused_with_the_limit_named(client, supervisor, material):
    client.force_login(supervisor)
    big = PDF + b"0" * (20 * 1024 * 1024)
    response = upload_sample(client, material, big, "big.pdf")
    assert response.status_code == 200
    assert "文件不能大于 5 MB" in response.content.decode()
    material.refresh_from_db()
    assert not material.sample


def test_a_real_pdf_is_accepted_and_downloads_as_an_attachment(client, supervisor, material):
    client.force_login(supervisor)
    response = upload_sample(client, material, PDF, "blank-form.pdf")
    assert response.status_code == 302
    material.refresh_from_db()
    assert material.sample.name.startswith("guide/forms/")
    client.logout()
    download = client.get(material.sample.url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content) == PDF


def test_a_word_document_is_accepted(client, supervisor, material):
    client.force_login(supervisor)
    assert upload_sample(client, material, docx(), "form.docx").status_code == 302
    material.refresh_from_db()
    download = client.get(material.sample.url)
    assert download["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


def test_an_old_word_document_is_accepted_and_served_as_word(client, supervisor, material):
    client.force_login(supervisor)
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    assert upload_sample(client, material, ole2, "form.doc").status_code == 302
    material.refresh_from_db()
    assert client.get(material.sample.url)["Content-Type"] == "application/msword"


def test_an_html_file_already_stored_is_never_served_as_html(client, material):
    # Uploaded before the check existed: still downloaded, never rendered on our origin.
    from django.core.files.base import ContentFile

    material.sample.save("old.html", ContentFile(HTML))
    response = client.get(material.sample.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_media_outside_the_upload_folders_is_not_served(client, db, settings):
    (settings.MEDIA_ROOT / "guide").mkdir(parents=True, exist_ok=True)
    (settings.MEDIA_ROOT / "secret.txt").write_text("x")
    assert client.get("/media/guide/../secret.txt").status_code == 404
    assert client.get("/media/secret.txt").status_code == 404
