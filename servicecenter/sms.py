"""Text messages (短信) to residents through a pluggable backend, as Django sends e-mail.

`settings.SMS_BACKEND` names the class: `ConsoleBackend` (development: prints),
`FileBackend` (one file per message in `settings.SMS_FILE_PATH`), `LocmemBackend` (tests:
`sms.outbox`), or a gateway of the center's own, a subclass of `BaseBackend` whose `send`
returns the gateway's message id and raises `SmsError` when the gateway refuses.

The stand-in backends write the number masked: their output is a log, and no log carries a
full phone number.
"""

import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

from servicecenter.personal import mask_phone

outbox: list["Sms"] = []  # LocmemBackend's messages, as django.core.mail.outbox


class SmsError(Exception):
    """The gateway did not take the message; the text says why."""


@dataclass(frozen=True)
class Sms:
    number: str
    text: str


@dataclass(frozen=True)
class SmsResult:
    ok: bool
    detail: str  # the gateway's message id, or why it failed


class BaseBackend:
    def send(self, message: Sms) -> str:
        """Send one message; return the gateway's id for it, or raise SmsError."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, message: Sms) -> str:
        sys.stdout.write(f"SMS to {mask_phone(message.number)}: {message.text}\n")
        sys.stdout.flush()
        return "console"


class FileBackend(BaseBackend):
    def send(self, message: Sms) -> str:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{timezone.localtime():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
        (folder / name).write_text(f"To: {mask_phone(message.number)}\n\n{message.text}\n")
        return name


class LocmemBackend(BaseBackend):
    def send(self, message: Sms) -> str:
        outbox.append(message)
        return f"locmem-{len(outbox)}"


def get_backend(path: str | None = None) -> BaseBackend:
    return import_string(path or settings.SMS_BACKEND)()


def send_sms(number: str, text: str, *, backend: BaseBackend | None = None) -> SmsResult:
    """Send, never raise: a failing gateway is an outcome to record, not a crash."""
    try:
        detail = (backend or get_backend()).send(Sms(number=number, text=text))
    except Exception as exc:  # any gateway failure: recorded by the caller, the step stands
        # A gateway's error may echo the number: it is kept masked like everywhere else.
        detail = f"{type(exc).__name__}: {exc}".replace(number, mask_phone(number))
        return SmsResult(ok=False, detail=detail[:200])
    return SmsResult(ok=True, detail=str(detail)[:200])
