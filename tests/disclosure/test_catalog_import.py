"""The catalog workbook through django-import-export's admin: upload, preview, confirm."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from tablib import Dataset

from disclosure.models import Material, ServiceItem
from disclosure.resources import ServiceItemResource

WORKBOOK = Path(settings.BASE_DIR) / "fixtures" / "catalog.xlsx"
IMPORT_URL = "/admin/disclosure/serviceitem/import/"
CONFIRM_URL = "/admin/disclosure/serviceitem/process_import/"
XLSX, CSV = "0", "1"


def upload(client, content: bytes, name: str = "catalog.xlsx", fmt: str = XLSX):
    return client.post(
        IMPORT_URL,
        {"import_file": SimpleUploadedFile(name, content), "format": fmt, "resource": "0"},
    )


def confirm(client, preview_html: str):
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', preview_html))
    keys = ["import_file_name", "original_file_name", "format", "resource"]
    return client.post(CONFIRM_URL, {key: fields.get(key, "") for key in keys})


def edited_workbook(**cells: str) -> bytes:
    """The shipped workbook with some cells changed, e.g. G3="..." (column G, row 3)."""
    book = load_workbook(WORKBOOK)
    for ref, value in cells.items():
        book.active[ref] = value
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def setup(demo, client, supervisor):
    ServiceItem.objects.all().delete()
    client.force_login(supervisor)
    return client


@pytest.mark.django_db
def test_supervisor_previews_then_confirms_the_workbook(setup, client):
    preview = upload(client, WORKBOOK.read_bytes())
    assert preview.status_code == 200
    html = preview.content.decode()
    assert "居住证申领" in html
    assert ServiceItem.objects.count() == 0  # the preview is a dry run
    response = confirm(client, html)
    assert response.status_code == 302
    assert ServiceItem.objects.count() >= 20
    item = ServiceItem.objects.get(code="jzz-shenling")
    assert item.materials.count() >= 3 and item.steps.exists()
    assert item.history.latest().history_user.username == "supervisor"


@pytest.mark.django_db
def test_a_bad_row_names_row_and_field_in_chinese_and_nothing_is_imported(setup, client):
    # Row 3 of the sheet is the second item; make its materials and its time limit wrong.
    content = edited_workbook(G3="申请人居民身份证；原件；两份", I3="十天")
    html = upload(client, content).content.decode()
    assert "份数“两份”应为正整数" in html
    assert "应为工作日天数" in html
    assert "申请材料" in html and "承诺时限" in html
    assert "<td>3</td><td>申请材料</td>" in html  # Excel's row number and the column
    assert 'name="import_file_name"' not in html  # no confirm button
    # Posting the confirm form anyway (a stale page) imports nothing either.
    result = ServiceItemResource().import_data(
        Dataset().load(content, format="xlsx"), dry_run=False
    )
    assert result.has_validation_errors()
    assert ServiceItem.objects.count() == 0 and Material.objects.count() == 0


@pytest.mark.django_db
def test_unknown_category_and_counter_are_explained(setup, client):
    html = upload(client, edited_workbook(C2="nosuch", M2="9")).content.decode()
    assert "分类编码“nosuch”不存在" in html
    assert "没有9号窗口" in html


@pytest.mark.django_db
def test_export_then_reimport_round_trips_and_updates_the_public_page(
    demo, client, supervisor, django_capture_on_commit_callbacks
):
    client.force_login(supervisor)
    exported = ServiceItemResource().export().export("xlsx")
    book = load_workbook(BytesIO(exported))
    sheet = book.active
    headers = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "jzz-shenling")
    row[headers.index("简介")].value = "修改后的简介：首次申领免费。"
    out = BytesIO()
    book.save(out)
    html = upload(client, out.getvalue()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert confirm(client, html).status_code == 302
    client.logout()
    page = client.get("/guide/jzz-shenling/").content.decode()
    assert "修改后的简介：首次申领免费。" in page
    assert "申请人居民身份证" in page  # materials survived the round trip


@pytest.mark.django_db
def test_csv_import_works_too(setup, client):
    dataset = Dataset().load(WORKBOOK.read_bytes(), format="xlsx")
    content = dataset.export("csv").encode("utf-8")
    html = upload(client, content, name="catalog.csv", fmt=CSV).content.decode()
    assert confirm(client, html).status_code == 302
    assert ServiceItem.objects.filter(code="shebaoka-buhuan").exists()


@pytest.mark.django_db
def test_reimporting_an_unchanged_export_rewrites_nothing(demo, client, supervisor):
    from django.core.files.base import ContentFile

    client.force_login(supervisor)
    item = ServiceItem.objects.get(code="jzz-shenling")
    material = item.materials.first()
    material.sample.save("form.pdf", ContentFile(b"%PDF-1.4 blank form"))
    counts = (ServiceItem.history.count(), Material.history.count())
    exported = ServiceItemResource().export().export("xlsx")
    html = upload(client, exported).content.decode()
    assert "居住证申领" not in html  # unchanged rows are not listed in the preview
    confirm(client, html)
    assert (ServiceItem.history.count(), Material.history.count()) == counts
    material.refresh_from_db()
    assert material.sample.name.endswith(".pdf")


@pytest.mark.django_db
def test_changed_materials_keep_their_uploaded_forms(demo, client, supervisor):
    from django.core.files.base import ContentFile

    client.force_login(supervisor)
    item = ServiceItem.objects.get(code="jzz-shenling")
    first = item.materials.order_by("order").first()
    first.sample.save("form.pdf", ContentFile(b"%PDF-1.4 blank form"))
    dataset = ServiceItemResource().export()
    row = next(i for i, r in enumerate(dataset.dict) if r["事项编码"] == "jzz-shenling")
    values = list(dataset[row])
    column = dataset.headers.index("申请材料")
    values[column] = values[column] + "\n户口簿；复印件；1"
    dataset[row] = values
    confirm(client, upload(client, dataset.export("xlsx")).content.decode())
    names = list(item.materials.order_by("order").values_list("name", flat=True))
    assert names[-1] == "户口簿"
    first.refresh_from_db()
    assert first.sample.name.endswith(".pdf")
