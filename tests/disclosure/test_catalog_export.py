"""The catalog export from the admin: no live formula, file name in the one scheme, and the
exported workbook imports again unchanged."""

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from disclosure.models import ServiceItem

EXPORT_URL = "/admin/disclosure/serviceitem/export/"
IMPORT_URL = "/admin/disclosure/serviceitem/import/"
CONFIRM_URL = "/admin/disclosure/serviceitem/process_import/"
FORMULA = '=HYPERLINK("http://x/","看")'
XLSX, CSV = "0", "1"


def export(client, fmt: str):
    form = client.get(EXPORT_URL).content.decode()
    fields = set(re.findall(r'name="(serviceitemresource_\w+)"', form))
    return client.post(EXPORT_URL, {"format": fmt, "resource": "0", **dict.fromkeys(fields, "on")})


def reimport(client, content: bytes, name: str, fmt: str):
    preview = client.post(
        IMPORT_URL,
        {
            "import_file": SimpleUploadedFile(name, content),
            "format": fmt,
            "resource": "0",
        },
    ).content.decode()
    fields = dict(re.findall(r'name="(\w+)" value="([^"]*)"', preview))
    keys = ["import_file_name", "original_file_name", "format", "resource"]
    return client.post(CONFIRM_URL, {key: fields.get(key, "") for key in keys})


@pytest.fixture
def formula_item(demo, client, supervisor):
    client.force_login(supervisor)
    item = ServiceItem.objects.get(code="jzz-shenling")
    item.name, item.summary = FORMULA, "-先到2号窗口取号"
    item.save()
    return item


@pytest.mark.django_db
def test_catalog_xlsx_export_has_no_live_formula_and_imports_again(client, formula_item):
    response = export(client, XLSX)
    assert response.status_code == 200
    assert re.search(
        r"filename\*=utf-8''%E4%BA%8B%E9%A1%B9%E6%B8%85%E5%8D%95_\d{4}-\d\d-\d\d\.xlsx",
        response["Content-Disposition"],
    )  # 事项清单_<today>.xlsx
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "jzz-shenling")
    name = row[header.index("事项名称")]
    assert name.value == "'" + FORMULA and name.data_type == "s"
    assert row[header.index("简介")].value == "'-先到2号窗口取号"
    assert sheet.freeze_panes == "A2"
    # Imported again as it was exported: the ' is taken off, nothing else changes.
    ServiceItem.objects.filter(pk=formula_item.pk).update(name="别的名称", summary="别的简介")
    assert reimport(client, response.content, "catalog.xlsx", XLSX).status_code == 302
    formula_item.refresh_from_db()
    assert (formula_item.name, formula_item.summary) == (FORMULA, "-先到2号窗口取号")


@pytest.mark.django_db
def test_catalog_csv_export_has_no_live_formula_and_imports_again(client, formula_item):
    response = export(client, CSV)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = rows[0]
    row = next(r for r in rows[1:] if r[0] == "jzz-shenling")
    assert row[header.index("事项名称")] == "'" + FORMULA
    ServiceItem.objects.filter(pk=formula_item.pk).update(name="别的名称")
    assert reimport(client, response.content, "catalog.csv", CSV).status_code == 302
    formula_item.refresh_from_db()
    assert formula_item.name == FORMULA
