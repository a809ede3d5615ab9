"""不予受理: a registration can end in a refusal, told with what is refused and on what basis
(一次性告知制度: 不予办理的事项、依据), on a 不予受理告知书 with 申请人联 and 存根联."""

import pytest
from django.core.exceptions import ValidationError

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case, CaseNotice
from servicecenter.roles import Role
from staff.models import StaffProfile
from tests.conftest import make_user
from tests.intake.test_cases import pdf_text

pytestmark = pytest.mark.django_db
ID = "11010519491231002X"
REASON = "申请人不属于本市户籍人口，不符合申领条件"
BASIS = "《居住证暂行条例》第九条"


@pytest.fixture
def item(demo) -> ServiceItem:
    return ServiceItem.objects.get(code="jzz-shenling")


@pytest.fixture
def clerk(demo):
    user = make_user("clerk_wang", Role.CLERK)
    StaffProfile.objects.create(user=user, name="王芳", title="窗口工作人员", badge_number="T-901")
    return user


def applicant(**changes) -> cases.Applicant:
    return cases.Applicant(**{"name": "张三", "id_number": ID, "phone": "13812345678", **changes})


def refuse(item, clerk, **changes) -> CaseNotice:
    values = {"reason": REASON, "basis": BASIS, **changes}
    return cases.refusal_issue(item=item, applicant=applicant(), clerk=clerk, **values)


def test_a_refusal_is_a_notice_of_its_own_kind_with_reason_basis_and_step(item, clerk):
    notice = refuse(item, clerk)
    assert notice.kind == CaseNotice.Kind.REFUSAL == "refusal"
    assert notice.serial.startswith("BY")
    assert (notice.refusal_reason, notice.refusal_basis) == (REASON, BASIS)
    record = notice.history.latest()
    assert record.history_step == CaseNotice.Step.REFUSE and record.history_reason == REASON
    assert not Case.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"reason": "  "}, "refusal_reason"),
        ({"basis": ""}, "refusal_basis"),
        ({"basis": "依" * 301}, "refusal_basis"),
    ],
)
def test_a_refusal_needs_its_reason_and_basis_and_saves_nothing_without(
    item, clerk, changes, field
):
    with pytest.raises(ValidationError) as caught:
        refuse(item, clerk, **changes)
    assert field in caught.value.error_dict
    assert not CaseNotice.objects.exists()


def test_a_service_handled_elsewhere_is_referred_not_refused(demo, clerk):
    elsewhere = ServiceItem.objects.get(code="hukou-qianyi")
    with pytest.raises(ValidationError) as caught:
        refuse(elsewhere, clerk)
    assert caught.value.error_dict["__all__"][0].code == "not_handled_here"


def test_the_registration_form_ends_in_a_refusal_once_even_sent_twice(client, item, clerk):
    client.force_login(clerk)
    page = client.get("/desk/cases/new/", {"item": item.code}).content.decode()
    token = page.split('name="token" value="')[1].split('"')[0]
    data = {
        "item": item.code,
        "applicant_name": "张三",
        "applicant_id_number": ID,
        "applicant_phone": "13812345678",
        "refusal_reason": REASON,
        "refusal_basis": BASIS,
        "action": "refusal",
        "token": token,
    }
    first = client.post("/desk/cases/new/", data)
    second = client.post("/desk/cases/new/", data)
    notice = CaseNotice.objects.get()
    assert first["Location"] == second["Location"] == f"/desk/notices/{notice.serial}/"
    assert notice.kind == CaseNotice.Kind.REFUSAL and notice.clerk == clerk


def test_back_and_submit_again_with_a_reloaded_form_is_the_same_refusal(client, item, clerk):
    client.force_login(clerk)
    url = f"/desk/cases/new/?item={item.code}"
    for _ in range(2):
        page = client.get(url).content.decode()
        token = page.split('name="token" value="')[1].split('"')[0]
        client.post(
            url,
            {
                "item": item.code,
                "applicant_name": "张三",
                "applicant_id_number": ID,
                "applicant_phone": "13812345678",
                "refusal_reason": REASON,
                "refusal_basis": BASIS,
                "action": "refusal",
                "token": token,
            },
        )
    assert CaseNotice.objects.count() == 1


def test_a_refusal_without_reason_keeps_the_form_and_says_so(client, item, clerk):
    client.force_login(clerk)
    response = client.post(
        "/desk/cases/new/",
        {
            "item": item.code,
            "applicant_name": "张三",
            "applicant_id_number": ID,
            "applicant_phone": "13812345678",
            "refusal_basis": BASIS,
            "action": "refusal",
        },
    )
    assert response.status_code == 400 and not CaseNotice.objects.exists()
    assert "请填写不予受理的事项和理由" in response.content.decode()


def test_the_refusal_pdf_has_both_copies_reason_basis_and_clerk(client, item, clerk, tmp_path):
    notice = refuse(item, clerk)
    client.force_login(clerk)
    response = client.get(f"/desk/notices/{notice.serial}/print.pdf")
    assert response["Content-Type"] == "application/pdf"
    text, fonts = pdf_text(response.content, tmp_path)
    compact = "".join(text.split())
    assert compact.count("不予受理告知书") == 2
    assert "申请人联" in compact and "存根联" in compact
    assert REASON in compact and "".join(BASIS.split()) in compact
    assert notice.serial in compact and "王芳" in compact and "T-901" in compact
    assert item.name in compact and ID not in compact
    # The applicant is told how to challenge the refusal (行政复议, 行政诉讼).
    assert compact.count("申请行政复议或者提起行政诉讼") == 2
    assert "NotoSerifCJK" in fonts.replace("-", "")


def refuse_at_the_desk(client, item, clerk) -> CaseNotice:
    """Through the page, so the history names who did it (HistoryRequestMiddleware)."""
    client.force_login(clerk)
    client.post(
        "/desk/cases/new/",
        {
            "item": item.code,
            "applicant_name": "张三",
            "applicant_id_number": ID,
            "applicant_phone": "13812345678",
            "refusal_reason": REASON,
            "refusal_basis": BASIS,
            "action": "refusal",
        },
    )
    return CaseNotice.objects.get()


def test_the_notice_page_shows_the_record_with_label_reason_local_time_and_name(
    client, item, clerk
):
    notice = refuse_at_the_desk(client, item, clerk)
    page = client.get(f"/desk/notices/{notice.serial}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    label = str(CaseNotice.Step.REFUSE.label)
    local = notice.history.latest().history_date.astimezone(
        __import__("zoneinfo").ZoneInfo("Asia/Shanghai")
    )
    assert f"<td>{local:%Y-%m-%d %H:%M}</td><td>王芳</td><td>{label}</td><td>{REASON}</td>" in html
    assert BASIS in html and "张*" in html and "张三" not in html
    assert "已据此告知书受理过办件" not in html and "?notice=" not in html


def test_the_admin_history_shows_the_refusal_by_label_with_the_staff_name(client, item, clerk):
    notice = refuse_at_the_desk(client, item, clerk)
    client.force_login(make_user("supervisor", Role.SUPERVISOR))
    page = client.get(
        f"/admin/intake/casenotice/{notice.pk}/history/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    table = page[page.index('id="change-history"') :]
    table = table[: table.index("</table>")]
    assert f"<td>{CaseNotice.Step.REFUSE.label}</td>" in table
    assert REASON in table and "王芳" in table
    assert "clerk_wang" not in table and "None" not in table
    listing = client.get("/admin/intake/casenotice/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert str(CaseNotice.Kind.REFUSAL.label) in listing.content.decode()


def test_the_admin_shows_a_notice_kind_by_label_and_a_dash_for_what_it_lacks(item, clerk, client):
    missing = list(item.materials.all())[:1]
    notice = cases.notice_issue(item=item, applicant=applicant(), missing=missing, clerk=clerk)
    client.force_login(make_user("supervisor", Role.SUPERVISOR))
    page = client.get(
        f"/admin/intake/casenotice/{notice.pk}/change/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    form = page[page.index("<fieldset") :]
    assert str(CaseNotice.Kind.MISSING.label) in form and ">missing<" not in form
    reason = form[form.index("field-refusal_reason") :]
    assert '<div class="readonly">—</div>' in reason[: reason.index("</fieldset>")]


def test_a_residents_erasure_clears_the_refusal_reason_everywhere_and_keeps_the_basis(item, clerk):
    from intake import personal_data

    notice = refuse(item, clerk)
    exported = personal_data.resident_export(id_number=ID, by=clerk)
    assert exported["notices"][0]["refusal_reason"] == REASON
    personal_data.resident_erase(id_number=ID, by=clerk)
    notice.refresh_from_db()
    assert notice.refusal_reason == "" and notice.refusal_basis == BASIS
    assert notice.kind == CaseNotice.Kind.REFUSAL  # still counted
    assert not notice.history.filter(history_reason=REASON).exists()
    assert not notice.history.filter(refusal_reason=REASON).exists()
