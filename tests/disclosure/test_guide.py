import pytest

from disclosure.models import ServiceItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query", ["jzz", "JZZ", "juzhuzheng", "ju zhu zheng", "居住", "证申", "jzz-shenling"]
)
def test_search_finds_the_residence_permit(client, residence_permit, query):
    page = client.get("/guide/", {"q": query}).content.decode()
    assert "居住证申领" in page


def test_search_without_match_says_so_in_chinese(client, residence_permit):
    page = client.get("/guide/", {"q": "xyzq"}).content.decode()
    assert "居住证申领" not in page
    assert "没有找到相关事项" in page


def test_drafts_are_not_public(client, make_items):
    [draft] = make_items(1, status=ServiceItem.Status.DRAFT)
    assert draft.name not in client.get("/guide/").content.decode()
    assert client.get(f"/guide/{draft.code}/").status_code == 404


def test_item_page_has_everything_for_one_trip(client, residence_permit):
    page = client.get("/guide/jzz-shenling/").content.decode()
    assert 'lang="zh-CN"' in page
    for text in [
        "居住证申领",
        "申请人居民身份证",
        "原件及复印件",
        "2份",
        "提交申请",
        "受理后10个工作日内办结",
        "法定时限：15个工作日",
        "不收费",
        "《居住证暂行条例》第九条",
        "010-62881104",
        'type="checkbox"',
        "<svg",  # the QR code, drawn inline: no request to anywhere else
    ]:
        assert text in page, text


def test_referral_item_names_the_responsible_unit(client, category):
    ServiceItem.objects.create(
        code="hukou-qianyi",
        name="户口迁移",
        category=category,
        summary="迁移户口。",
        legal_basis="《中华人民共和国户口登记条例》",
        conditions="—",
        promised_days=0,
        handled_here=False,
        unit_name="清河派出所户籍窗口",
        unit_address="清河街道康宁路9号",
        unit_phone="010-62916110",
        consultation_phone="010-62881104",
        status=ServiceItem.Status.PUBLISHED,
    )
    page = client.get("/guide/hukou-qianyi/").content.decode()
    assert "本事项不在本中心办理" in page
    assert "清河派出所户籍窗口" in page and "010-62916110" in page


def test_public_pages_load_nothing_from_other_hosts(client, demo):
    for url in ["/", "/guide/", "/guide/jzz-shenling/", "/board/"]:
        page = client.get(url).content.decode()
        assert 'src="http' not in page and 'href="http' not in page, url
