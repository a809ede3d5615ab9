"""Telling the applicant by SMS (及时通知办理结果): 受理, 补正, 办结 (领取), 延期.

Messages go out once the step is committed (a step rolled back sends nothing) through
servicecenter.sms; each is recorded with the number masked. A failing gateway never undoes
the step: the failure is recorded and shown on the case page.
"""

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from intake.models import Case, SmsMessage
from servicecenter import sms
from servicecenter.models import CenterProfile
from servicecenter.personal import mask_phone


def message_text(case: Case, kind: str, **values) -> str:
    """The message in the center's language: short, the case number and dates, no ID
    number and no name."""
    center = CenterProfile.current()
    with translation.override(settings.LANGUAGE_CODE):
        texts = {
            SmsMessage.Kind.ACCEPT: _(
                "Case %(number)s (%(item)s) is accepted; due by %(due)s. "
                "Track it with the case number and your phone's last 4 digits."
            ),
            SmsMessage.Kind.SUPPLEMENT: _(
                "The materials for case %(number)s are complete; it is due by %(due)s."
            ),
            SmsMessage.Kind.COMPLETE: _(
                "Case %(number)s (%(item)s) is completed; please collect the result with "
                "your receipt."
            ),
            SmsMessage.Kind.EXTEND: _(
                "Case %(number)s is extended by %(days)s working days; it is now due by %(due)s."
            ),
        }
        text = texts[kind] % {
            "number": case.number,
            "item": case.item.name,
            "due": date_format(case.due_date),  # 2026年12月11日 in Chinese
            **values,
        }
    return f"【{center.name}】{text}" if center else text


def case_sms(case: Case, kind: str, **values) -> None:
    """Send after commit and record what was sent, or why it failed."""
    text = message_text(case, kind, **values)
    number = case.applicant_phone

    def send() -> None:
        outcome = sms.send_sms(number, text)
        SmsMessage.objects.create(
            case=case,
            kind=kind,
            number_masked=mask_phone(number),
            text=text[:300],
            ok=outcome.ok,
            result=outcome.detail,
        )

    transaction.on_commit(send)
