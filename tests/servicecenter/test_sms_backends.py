"""The SMS backends: chosen by a setting as Django's e-mail backends are; the stand-ins
write the number masked."""

from servicecenter import sms

PHONE = "13812345678"


def test_the_console_backend_prints_the_message_with_the_number_masked(settings, capsys):
    settings.SMS_BACKEND = "servicecenter.sms.ConsoleBackend"
    result = sms.send_sms(PHONE, "办件已办结")
    out = capsys.readouterr().out
    assert result.ok and "138****5678" in out and "办件已办结" in out and PHONE not in out


def test_the_file_backend_writes_one_file_per_message(settings, tmp_path):
    settings.SMS_BACKEND = "servicecenter.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms")
    assert sms.send_sms(PHONE, "一").ok and sms.send_sms(PHONE, "二").ok
    files = sorted((tmp_path / "sms").iterdir())
    texts = [path.read_text() for path in files]
    assert len(files) == 2 and all("138****5678" in t and PHONE not in t for t in texts)


def test_a_gateway_that_raises_is_an_outcome_not_a_crash(settings):
    settings.SMS_BACKEND = "tests.servicecenter.test_sms_backends.Down"
    result = sms.send_sms(PHONE, "一")
    assert not result.ok and "Timeout" in result.detail and PHONE not in result.detail


class Down(sms.BaseBackend):
    def send(self, message: sms.Sms) -> str:
        raise TimeoutError(f"no answer for {message.number}")
