"""One-time form tokens: a double-click, Back + resubmit or a replayed form never does its
work twice.

Every state-changing form renders `{% form_token %}` (servicecenter.templatetags.once): a
fresh random token, signed so that a made-up one is refused. The view hands the token and
the work to `submit_once`, which does the work and records the token with the address of
its result (servicecenter.models.FormSubmission) in one transaction. The same token again
leads to that result with ALREADY_DONE instead of doing the work again.

The kiosk's ticket keeps its token in the ticket row itself (Ticket.request_token): taking
a ticket is the hot path and one INSERT there is measured (bench/queue.py).
"""

import datetime as dt
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from servicecenter.models import FormSubmission

SALT = "servicecenter.form"
ALREADY_DONE = gettext_lazy("Already submitted; nothing was done twice.")
# Back + resubmit: the browser refills a reloaded form (a fresh token) with what was typed.
# The same words from the same person within this window are the record made already.
RESUBMIT_WINDOW = dt.timedelta(minutes=10)

T = TypeVar("T")


def new_token() -> str:
    """A fresh one-time token for one rendered form."""
    return signing.Signer(salt=SALT).sign(secrets.token_hex(16))


def _key(token: str) -> str:
    """The random part of a signed token; "" when the form sent none."""
    if not token:
        return ""
    try:
        key = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        raise ValidationError(
            _("This form was altered or is not ours; nothing was done. Open the page again."),
            code="token",
        ) from None
    return key


class AlreadyDone(ValidationError):
    """Raised by a form's work that finds itself done already without the token: Back
    reloads a form with a fresh token but the browser refills what was typed."""

    def __init__(self, record):
        super().__init__(ALREADY_DONE, code="already_done")
        self.record = record


@dataclass(frozen=True)
class Outcome(Generic[T]):
    record: T | None  # None when the form had done its work already (or the work returns None)
    url: str
    repeated: bool = False  # the form had done its work already: nothing was done now


def submit_once(*, token: str, action: Callable[[], T], url: Callable[[T], str]) -> Outcome[T]:
    """Do `action` once per token and record where its result is, in one transaction.

    A form sent without a token (a script, an old page) is simply done; an altered token is
    refused with ValidationError, as is anything `action` refuses.
    """
    key = _key(token)
    try:
        if not key:
            record = action()
            return Outcome(record, url(record))
        return _once(key, action, url)
    except AlreadyDone as done:
        return Outcome(None, url(done.record), repeated=True)


def _once(key: str, action: Callable[[], T], url: Callable[[T], str]) -> Outcome[T]:
    try:
        with transaction.atomic():
            # Inside the transaction: on SQLite the IMMEDIATE transaction waits for the
            # other request's, then sees its row.
            done = FormSubmission.objects.filter(token=key).first()
            if done is not None:
                return Outcome(None, done.result_url, repeated=True)
            record = action()
            address = url(record)
            FormSubmission.objects.create(token=key, result_url=address)
    except (IntegrityError, ValidationError):
        # Two clicks raced: the other request did the work (and this one's was rolled
        # back, or refused because the first had moved the record on).
        done = FormSubmission.objects.filter(token=key).first()
        if done is not None:
            return Outcome(None, done.result_url, repeated=True)
        raise
    return Outcome(record, address)
