"""The printouts were made cheaper to render (numbers by hand instead of list markers, the two
ends of a line justified instead of floated, the warm heap frozen after the first render):
they must read and sit as before, and the collector must not walk the warm heap again."""

import gc
import re

import pytest

from intake import cases, printouts
from tests.intake.test_cases import accept, applicant, clerk1, item, pdf_text  # noqa: F401

pytestmark = pytest.mark.django_db


def lines_with(text: str, word: str) -> list[str]:
    return [line for line in text.splitlines() if word in line]


def test_notice_numbers_each_missing_material_and_keeps_both_ends_of_its_lines_apart(
    client,
    item,  # noqa: F811
    clerk1,  # noqa: F811
    tmp_path,
):
    missing = list(item.materials.all())[1:]
    notice = cases.notice_issue(item=item, applicant=applicant(), missing=missing, clerk=clerk1)
    client.force_login(clerk1)
    text, _ = pdf_text(client.get(f"/desk/notices/{notice.serial}/print.pdf").content, tmp_path)
    for number, material in enumerate(missing, 1):
        first_words = material.name[:4]
        assert any(
            re.search(rf"\b{number}\.\s+{re.escape(first_words)}", line)
            for line in lines_with(text, first_words)
        ), material.name
    # 编号 at the left margin and 日期 at the right: one line, far apart (both copies).
    meta = lines_with(text, "编号：")
    assert len(meta) == 2 and all(re.search(r"编号：\S+\s{10,}日期：", line) for line in meta)
    sign = lines_with(text, "告知人")
    assert len(sign) == 2 and all(re.search(r"SQ-001\s{10,}申请人签收", line) for line in sign)


def test_receipt_numbers_each_received_material(client, item, clerk1, tmp_path):  # noqa: F811
    case = accept(item, clerk1)
    client.force_login(clerk1)
    text, _ = pdf_text(client.get(f"/desk/cases/{case.number}/receipt.pdf").content, tmp_path)
    count = item.materials.count()
    numbers = [int(n) for n in re.findall(r"(?m)^\S*\s+(\d)\.\s+\S", text) if int(n) <= count]
    assert numbers[:count] == list(range(1, count + 1))
    assert re.search(r"办件编号：\S+\s{10,}受理日期：", text)


def test_after_the_first_printout_a_full_collection_skips_the_warm_heap(monkeypatch):
    gc.unfreeze()
    monkeypatch.setattr(printouts, "_warm", False, raising=False)
    before = len(gc.get_objects())
    printouts.render_pdf("intake/pdf/base.html", {})
    after = len(gc.get_objects())
    try:
        # Django, WeasyPrint and the fonts stay out of every later collection's walk.
        assert gc.get_freeze_count() > before / 2
        assert after < before / 4
        assert printouts._warm
    finally:
        gc.unfreeze()


def test_a_render_leaves_nothing_for_the_older_generations_to_walk():
    printouts.render_pdf("intake/pdf/notice.html", {"copies": ["申请人联"]})  # warm
    gc.collect()
    older = len(gc.get_objects(generation=1)) + len(gc.get_objects(generation=2))
    for _ in range(3):
        printouts.render_pdf("intake/pdf/notice.html", {"copies": ["申请人联"]})
    # Its boxes and their cycles were freed by one young collection, not promoted.
    grown = len(gc.get_objects(generation=1)) + len(gc.get_objects(generation=2)) - older
    assert grown < 1000
    gc.unfreeze()


def test_a_long_notice_keeps_each_copy_on_one_page_and_numbers_past_nine_apart(
    client,
    item,  # noqa: F811
    clerk1,  # noqa: F811
    tmp_path,
):
    from disclosure.models import Material

    for n in range(7):
        Material.objects.create(item=item, order=10 + n, name=f"补充证明材料第{n + 1}项")
    Material.objects.filter(item=item, order=10).update(notes="需加盖公章" * 40)  # 200 characters
    missing = list(item.materials.order_by("order", "pk"))
    assert len(missing) == 12
    notice = cases.notice_issue(item=item, applicant=applicant(), missing=missing, clerk=clerk1)
    client.force_login(clerk1)
    text, _ = pdf_text(client.get(f"/desk/notices/{notice.serial}/print.pdf").content, tmp_path)
    for number in (10, 11, 12):
        assert re.search(rf"\b{number}\.\s+补充证明材料", text), number
    # Whichever page each copy starts on, it ends there too: the 存根联 is never cut in two.
    for label in ("申请人联", "存根联"):
        page = next(page for page in text.split("\f") if label in page)
        rest = "".join(page[page.index(label) :].split())
        assert notice.serial in rest and "补充证明材料第7项" in rest and "申请人签收" in rest
