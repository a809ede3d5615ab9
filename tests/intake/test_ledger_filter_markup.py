"""The ledger's filters are written without Django's per-option templates and must read
exactly as Django's own <select>: the chosen option selected, a bad choice marked invalid,
names escaped."""

import pytest
from django import forms
from django.http import QueryDict

from intake.forms import LedgerForm
from servicecenter.roles import Role
from staff.models import StaffProfile
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def as_django_renders_it(bound: forms.BoundField) -> str:
    widget = forms.Select(attrs=bound.field.widget.attrs, choices=bound.field.widget.choices)
    widget.is_required = bound.field.widget.is_required
    return bound.as_widget(widget=widget)


@pytest.mark.parametrize(
    "query",
    ["", "stage=archived&mode=proxy", "stage=nonsense&item=999999", "clerk={clerk}&overdue=on"],
)
def test_the_filters_read_as_djangos_own_select(demo, query):
    clerk = make_user("clerk-ledger-markup", Role.CLERK)
    StaffProfile.objects.create(user=clerk, name='<b>"王"</b>', title="科员", badge_number="M1")
    form = LedgerForm(QueryDict(query.format(clerk=clerk.pk)) if query else None)
    form.is_bound and form.is_valid()
    for name in ("item", "clerk", "stage", "mode"):
        assert str(form[name]) == as_django_renders_it(form[name])
    assert "&lt;b&gt;&quot;王&quot;&lt;/b&gt;" in str(form["clerk"])
    if "archived" in query:
        assert '<option value="archived" selected>' in str(form["stage"])
    if "nonsense" in query:
        assert 'aria-invalid="true"' in str(form["stage"])
