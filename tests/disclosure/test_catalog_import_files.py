"""Catalog imports that explain themselves: a damaged workbook, a CSV saved by Chinese
Excel, a workbook too big to check in one request. Each gets a message in Chinese, and
nothing is imported."""

import time
from io import BytesIO

import pytest
from openpyxl import Workbook
from tablib import Dataset

from disclosure.models import ServiceItem
from tests.disclosure.test_catalog_import import CSV, IMPORT_URL, WORKBOOK, confirm, upload


@pytest.fixture
def setup(demo, client, supervisor):
    ServiceItem.objects.all().delete()
    client.force_login(supervisor)
    return client


@pytest.mark.django_db
def test_a_truncated_workbook_is_explained_in_chinese(setup, client):
    content = WORKBOOK.read_bytes()
    html = upload(client, content[: len(content) // 2]).content.decode()
    assert "文件已损坏或不完整" in html
    assert "BadZipFile" not in html and "encountered" not in html
    assert ServiceItem.objects.count() == 0


@pytest.mark.django_db
def test_a_csv_in_the_wrong_format_slot_is_explained(setup, client):
    # A CSV uploaded as Excel: not a workbook at all.
    html = upload(client, "事项编码,事项名称\n".encode(), name="catalog.csv").content.decode()
    assert "文件已损坏或不完整" in html
    assert "encountered" not in html


@pytest.mark.django_db
def test_a_csv_saved_by_chinese_excel_gb18030_imports_correctly(setup, client):
    dataset = Dataset().load(WORKBOOK.read_bytes(), format="xlsx")
    content = dataset.export("csv").encode("gb18030")
    response = upload(client, content, name="catalog.csv", fmt=CSV)
    html = response.content.decode()
    assert "UnicodeDecodeError" not in html
    assert "居住证申领" in html
    assert confirm(client, html).status_code == 302
    item = ServiceItem.objects.get(code="jzz-shenling")
    assert item.name == "居住证申领"
    assert item.materials.filter(name="申请人居民身份证").exists()


@pytest.mark.django_db
def test_a_utf8_csv_with_a_bom_still_imports(setup, client):
    dataset = Dataset().load(WORKBOOK.read_bytes(), format="xlsx")
    content = dataset.export("csv").encode("utf-8-sig")
    html = upload(client, content, name="catalog.csv", fmt=CSV).content.decode()
    assert confirm(client, html).status_code == 302
    assert ServiceItem.objects.get(code="jzz-shenling").name == "居住证申领"


def big_workbook(rows: int) -> bytes:
    source = Dataset().load(WORKBOOK.read_bytes(), format="xlsx")
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(source.headers)
    first = list(source[0])
    for n in range(rows):
        sheet.append([f"item-{n}", *first[1:]])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_10000_row_workbook_is_refused_quickly_and_nothing_is_imported(setup, client):
    content = big_workbook(10_000)
    started = time.monotonic()
    response = upload(client, content)
    elapsed = time.monotonic() - started
    html = response.content.decode()
    assert response.status_code == 200
    assert "一次最多导入 2000 行" in html
    assert elapsed < 5, f"took {elapsed:.1f} s"
    assert 'name="import_file_name"' not in html  # no confirm button
    assert ServiceItem.objects.count() == 0


@pytest.mark.django_db
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(setup, client, settings):
    settings.IMPORT_MAX_BYTES = 10_000
    html = upload(client, WORKBOOK.read_bytes()).content.decode()
    assert "文件不能大于" in html
    assert ServiceItem.objects.count() == 0


@pytest.mark.django_db
def test_the_import_page_states_the_limits(setup, client):
    html = client.get(IMPORT_URL).content.decode()
    assert "最多 2000 行" in html and "5 MB" in html
    assert "GB18030" in html
