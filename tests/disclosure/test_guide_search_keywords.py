"""The guide's search finds a service by the words residents use: keywords and categories."""

from io import BytesIO

import pytest
from openpyxl import load_workbook
from tablib import Dataset

from disclosure.models import ServiceItem
from disclosure.resources import ServiceItemResource

pytestmark = pytest.mark.django_db


def search(client, query: str) -> str:
    return client.get("/guide/", {"q": query}).content.decode()


def test_dibao_finds_the_minimum_living_allowance_in_the_demo_catalog(client, demo):
    assert "最低生活保障申请" in search(client, "低保")


def test_category_name_finds_its_services(client, residence_permit):
    page = search(client, "户籍")  # the category 户籍与居住证; not in the item's name
    assert "居住证申领" in page


def test_keywords_are_searched_like_the_name(client, residence_permit):
    residence_permit.keywords = "暂住证 流动人口"
    residence_permit.save()
    for query in ["暂住证", "流动人口", "zanzhuzheng", "zzz"]:
        assert "居住证申领" in search(client, query), query
    assert "居住证申领" not in search(client, "低保")


def test_keywords_are_in_the_admin_form(client, supervisor, residence_permit):
    client.force_login(supervisor)
    page = client.get(f"/admin/disclosure/serviceitem/{residence_permit.pk}/change/")
    html = page.content.decode()
    assert 'name="keywords"' in html and "关键词" in html


def test_workbook_has_a_keywords_column_that_imports(residence_permit):
    residence_permit.keywords = "暂住证"
    residence_permit.save()
    exported = ServiceItemResource().export()
    assert "关键词" in exported.headers
    assert exported.dict[0]["关键词"] == "暂住证"
    rows = Dataset(headers=exported.headers)
    row = dict(exported.dict[0], 关键词="流动人口 暂住证")
    rows.append([row[h] for h in exported.headers])
    result = ServiceItemResource().import_data(rows, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert ServiceItem.objects.get(code="jzz-shenling").keywords == "流动人口 暂住证"


def test_shipped_workbook_gives_dibao_its_keyword():
    from django.conf import settings

    sheet = load_workbook(BytesIO((settings.BASE_DIR / "fixtures" / "catalog.xlsx").read_bytes()))
    rows = list(sheet.active.iter_rows(values_only=True))
    column = rows[0].index("关键词")
    by_code = {row[0]: row[column] for row in rows[1:]}
    assert "低保" in by_code["dibao"]
