"""A consultation's optional name and phone are kept as long as the case records
(RETENTION_CASE_YEARS), then anonymized in the record and its history; the counts stay."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from intake import consultations, reports
from intake.models import Consultation
from servicecenter.roles import Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

TZ = timezone.get_current_timezone()
OLD = dt.datetime(2021, 3, 1, 10, tzinfo=TZ)
RECENT = dt.datetime(2025, 3, 2, 10, tzinfo=TZ)


def asked(when: dt.datetime, monkeypatch, **kwargs) -> Consultation:
    monkeypatch.setattr(timezone, "now", lambda: when)
    return consultations.consultation_record(
        clerk=make_user("clerk", Role.CLERK),
        channel="phone",
        matter="低保",
        question="能申请吗？",
        answer="可以",
        **kwargs,
    )


def test_old_consultations_lose_name_and_phone_and_the_counts_stay(demo, monkeypatch):
    old = asked(OLD, monkeypatch, name="张三", phone="13812345678")
    nameless = asked(OLD, monkeypatch)
    recent = asked(RECENT, monkeypatch, name="李四", phone="13912345678")
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 9, 1, 10, tzinfo=TZ))
    before = reports.consultation_lines(OLD.date(), OLD.date())
    out = io.StringIO()
    call_command("anonymize_expired", stdout=out)
    assert "1 consultations" in out.getvalue()
    old.refresh_from_db()
    assert (old.name, old.phone) == ("已匿名", "")
    assert {h.name for h in old.history.all()} == {"已匿名"}
    nameless.refresh_from_db()
    assert nameless.name == ""  # no name is not turned into 已匿名
    recent.refresh_from_db()
    assert (recent.name, recent.phone) == ("李四", "13912345678")
    assert reports.consultation_lines(OLD.date(), OLD.date()) == before
