import pytest

from disclosure.models import Category, Fee, Material, ServiceItem, Step
from staff.models import Counter


@pytest.fixture
def category(db) -> Category:
    category, _created = Category.objects.get_or_create(
        code="huji", defaults={"name": "户籍与居住证", "prefix": "D", "order": 4}
    )
    return category


@pytest.fixture
def make_items(category):
    """Published items, each with materials, steps, a fee and a counter, like the real catalog."""

    def make(
        count: int, status: str = ServiceItem.Status.PUBLISHED, start: int = 0
    ) -> list[ServiceItem]:
        counter, _created = Counter.objects.get_or_create(number=4, defaults={"name": "户籍窗口"})
        items = []
        for n in range(start, start + count):
            item = ServiceItem.objects.create(
                code=f"item-{n}",
                name=f"测试事项{n}",
                category=category,
                summary="简介",
                legal_basis="《居住证暂行条例》",
                conditions="条件",
                promised_days=5,
                statutory_days=10,
                consultation_phone="010-62881104",
                status=status,
            )
            item.counters.add(counter)
            for order in range(3):
                Material.objects.create(item=item, order=order, name=f"材料{order}")
            Step.objects.create(item=item, order=1, title="提交申请")
            Fee.objects.create(
                item=item, name="工本费", standard="20元/证", basis="价格主管部门核定"
            )
            items.append(item)
        return items

    return make


@pytest.fixture
def residence_permit(category) -> ServiceItem:
    item = ServiceItem.objects.create(
        code="jzz-shenling",
        name="居住证申领",
        category=category,
        summary="非本市户籍居民申领居住证。",
        legal_basis="《居住证暂行条例》第九条",
        conditions="居住满半年。",
        promised_days=10,
        statutory_days=15,
        consultation_phone="010-62881104",
        status=ServiceItem.Status.PUBLISHED,
    )
    Material.objects.create(item=item, order=1, name="申请人居民身份证", form="both")
    Material.objects.create(item=item, order=2, name="近期免冠一寸照片", copies=2)
    Step.objects.create(item=item, order=1, title="提交申请", description="到4号窗口提交。")
    return item
