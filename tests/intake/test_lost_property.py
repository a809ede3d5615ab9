"""遗失物品处理: kept for the holding period (a setting), then handed on only with a
supervisor's approval; a claim checks identity and prints a 认领单; the public 招领 list
says what, when and where, nothing about people."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from intake import lost
from intake.models import LostItem
from tests.intake.test_cases import pdf_text

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"


def found(clerk, *, days_ago: int = 0, **kwargs) -> LostItem:
    data = {
        "description": "黑色钱包",
        "found_where": "2号窗口",
        "found_by": "保洁员王芳",
        "kept_at": "服务台左侧抽屉",
    }
    item = lost.lost_register(clerk=clerk, **{**data, **kwargs})
    if days_ago:
        LostItem.objects.filter(pk=item.pk).update(
            found_at=timezone.now() - dt.timedelta(days=days_ago)
        )
        item.refresh_from_db()
    return item


def steps(item: LostItem) -> list[str]:
    return list(
        item.history.order_by("history_date", "history_id").values_list("history_step", flat=True)
    )


def test_hand_over_before_the_holding_period_ends_is_refused(clerk, settings):
    settings.LOST_PROPERTY_HOLD_DAYS = 7
    young, old = found(clerk, days_ago=6), found(clerk, description="雨伞", days_ago=7)
    with pytest.raises(ValidationError) as refused:
        lost.lost_request_hand_over(item=young, to="街道办", clerk=clerk)
    assert refused.value.code == "too_early"
    young.refresh_from_db()
    assert young.status == LostItem.Status.KEPT and steps(young) == ["register"]
    assert list(LostItem.objects.due_for_hand_over()) == [old]
    lost.lost_request_hand_over(item=old, to="街道办", clerk=clerk)
    assert LostItem.objects.get(pk=old.pk).status == LostItem.Status.REQUESTED


def test_hand_over_is_asked_by_a_clerk_and_approved_by_a_supervisor(clerk, supervisor):
    item = found(clerk, days_ago=31)
    lost.lost_request_hand_over(item=item, to="清河街道办事处", clerk=clerk, reason="无人认领")
    with pytest.raises(ValidationError) as refused:
        lost.lost_approve_hand_over(item=item, supervisor=clerk)
    assert refused.value.code == "role"
    assert LostItem.objects.get(pk=item.pk).status == LostItem.Status.REQUESTED
    lost.lost_approve_hand_over(item=item, supervisor=supervisor)
    item.refresh_from_db()
    assert item.status == LostItem.Status.HANDED_OVER and item.handed_to == "清河街道办事处"
    assert item.hand_over_requested_by == clerk and item.hand_over_approved_by == supervisor
    assert steps(item) == ["register", "request_hand_over", "hand_over"]
    with pytest.raises(ValidationError) as again:
        lost.lost_approve_hand_over(item=item, supervisor=supervisor)
    assert again.value.code == "not_requested"


def test_a_refused_hand_over_keeps_the_item_with_the_reason(clerk, supervisor):
    item = found(clerk, days_ago=40)
    lost.lost_request_hand_over(item=item, to="街道办", clerk=clerk)
    with pytest.raises(ValidationError) as no_reason:
        lost.lost_refuse_hand_over(item=item, supervisor=supervisor, reason=" ")
    assert no_reason.value.code == "reason"
    lost.lost_refuse_hand_over(item=item, supervisor=supervisor, reason="失主已来电，明天来领")
    item.refresh_from_db()
    assert item.status == LostItem.Status.KEPT and item.handed_to == ""
    last = item.history.latest("history_date")
    assert last.history_step == "refuse_hand_over" and last.history_reason == "失主已来电，明天来领"


def test_the_owner_may_still_claim_while_a_hand_over_waits(clerk, supervisor):
    item = found(clerk, days_ago=40)
    lost.lost_request_hand_over(item=item, to="街道办", clerk=clerk)
    lost.lost_claim(item=item, name="李四", id_number=ID, clerk=clerk)
    item.refresh_from_db()
    assert item.status == LostItem.Status.CLAIMED and item.hand_over_requested_by is None
    with pytest.raises(ValidationError):
        lost.lost_approve_hand_over(item=item, supervisor=supervisor)


def test_the_pages_follow_the_steps_with_the_settings_value(client, clerk, supervisor, settings):
    settings.LOST_PROPERTY_HOLD_DAYS = 15
    item = found(clerk, days_ago=3)
    client.force_login(clerk)
    assert "15天" in client.get("/desk/lost/").content.decode()
    client.post(f"/desk/lost/{item.pk}/hand-over/", {"to": "街道办"})
    assert LostItem.objects.get(pk=item.pk).status == LostItem.Status.KEPT
    LostItem.objects.filter(pk=item.pk).update(found_at=timezone.now() - dt.timedelta(days=15))
    client.post(f"/desk/lost/{item.pk}/hand-over/", {"to": "街道办"})
    client.post(f"/desk/lost/{item.pk}/hand-over/approve/")  # a clerk cannot approve
    assert LostItem.objects.get(pk=item.pk).status == LostItem.Status.REQUESTED
    client.force_login(supervisor)
    assert f"/desk/lost/{item.pk}/" in client.get("/desk/lost/").content.decode()
    client.post(f"/desk/lost/{item.pk}/hand-over/approve/")
    item.refresh_from_db()
    assert item.status == LostItem.Status.HANDED_OVER and item.hand_over_approved_by == supervisor


def test_a_failed_claim_keeps_what_the_clerk_typed(client, clerk):
    item = found(clerk)
    client.force_login(clerk)
    typed = {"name": "欧阳娜娜", "id_number": "110105194912310021"}  # wrong check digit
    response = client.post(f"/desk/lost/{item.pk}/", typed)
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="欧阳娜娜"' in page and 'value="110105194912310021"' in page
    assert LostItem.objects.get(pk=item.pk).status == LostItem.Status.KEPT


def test_the_claim_form_pdf_has_the_signature_line_and_a_masked_id(client, clerk, tmp_path):
    item = found(clerk)
    client.force_login(clerk)
    assert client.get(f"/desk/lost/{item.pk}/claim.pdf").status_code == 404  # not claimed
    client.post(f"/desk/lost/{item.pk}/", {"name": "李四", "id_number": ID})
    assert (
        f"/desk/lost/{item.pk}/claim.pdf" in client.get(f"/desk/lost/{item.pk}/").content.decode()
    )
    response = client.get(f"/desk/lost/{item.pk}/claim.pdf")
    assert response["Content-Type"] == "application/pdf"
    text, fonts = pdf_text(response.content, tmp_path)
    flat = text.replace(" ", "")
    assert "失物认领单" in flat and "认领人签名" in flat and "黑色钱包" in flat
    assert "110105********002X" in flat and ID not in flat
    assert "认领人联" in flat and "存根联" in flat
    assert "CJK" in fonts


def test_a_description_with_a_phone_or_id_number_is_refused(clerk):
    with pytest.raises(ValidationError) as refused:
        found(clerk, description="钱包，内有身份证 110105 19491231 002X")
    assert refused.value.code == "personal"
    assert not LostItem.objects.exists()
    found(clerk, description="蓝色雨伞，2026-11-28 下午")  # a date is fine


def test_the_public_list_says_what_when_where_and_nothing_about_people(client, clerk):
    kept = found(clerk, description="黑色钱包", found_where="等候区座椅")
    claimed = found(clerk, description="老花镜")
    lost.lost_claim(item=claimed, name="李四", id_number=ID, clerk=clerk)
    page = client.get("/lost/").content.decode()
    assert "黑色钱包" in page and "等候区座椅" in page
    assert timezone.localtime(kept.found_at).strftime("%Y-%m-%d") in page
    assert "老花镜" not in page and "李四" not in page and "002X" not in page
    assert "保洁员王芳" not in page and "服务台左侧抽屉" not in page
    assert 'href="/lost/"' in client.get("/").content.decode()


def test_an_approval_after_the_holding_period_was_lengthened_is_refused(
    clerk, supervisor, settings
):
    settings.LOST_PROPERTY_HOLD_DAYS = 10
    item = found(clerk, days_ago=12)
    lost.lost_request_hand_over(item=item, to="街道办", clerk=clerk)
    settings.LOST_PROPERTY_HOLD_DAYS = 30
    with pytest.raises(ValidationError) as refused:
        lost.lost_approve_hand_over(item=item, supervisor=supervisor)
    assert refused.value.code == "too_early"
    assert LostItem.objects.get(pk=item.pk).status == LostItem.Status.REQUESTED
