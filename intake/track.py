"""The resident's case lookup (/track/): case number and the phone's last four digits."""

from intake.models import Case
from servicecenter import ratelimit

ATTEMPTS = 10  # per address per window
WINDOW = 600  # seconds


def track_allowed(address: str) -> bool:
    """Rate limit shared by every process: ATTEMPTS wrong guesses per WINDOW."""
    return ratelimit.allowed("track", address, limit=ATTEMPTS, window=WINDOW)


def track_failed(address: str) -> None:
    ratelimit.hit("track", address, window=WINDOW)


def case_track(*, number: str, last4: str) -> Case | None:
    """The case, or None; a wrong number and a wrong phone look the same from outside."""
    number, last4 = number.strip(), last4.strip()
    if not number.isdigit() or len(number) > 20 or len(last4) != 4 or not last4.isdigit():
        return None
    case = Case.objects.select_related("item").filter(number=number).first()
    if case is None or not case.applicant_phone.endswith(last4):
        return None
    return case
