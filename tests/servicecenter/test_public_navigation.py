import re

import pytest

pytestmark = pytest.mark.django_db


def section(page: str, tag: str) -> str:
    return re.search(rf"<{tag}\b.*?</{tag}>", page, re.S).group(0)


@pytest.mark.parametrize("path", ["/", "/guide/"])
def test_case_lookup_is_linked_from_the_navigation_and_the_footer(client, demo, path):
    page = client.get(path).content.decode()
    assert 'href="/track/"' in section(page, "nav")
    assert 'href="/track/"' in section(page, "footer")
    assert "办理进度查询" in section(page, "nav")
