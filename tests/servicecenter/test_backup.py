"""Back up, wipe, restore: every ticket, case, history row and 身份证号 comes back.

Runs on whichever database the suite runs on (SQLite by default, PostgreSQL with
DATABASE_URL), each with its own tool (sqlite3 backup API, pg_dump/pg_restore).
"""

import json
import stat

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import CommandError

from disclosure.models import ServiceItem
from intake import cases
from intake.models import Case, CaseNotice, Ticket
from servicecenter.personal import lookup_hash
from servicecenter.roles import Role
from tests.conftest import make_user
from tests.intake.conftest import issue

pytestmark = pytest.mark.django_db(transaction=True)
ID = "11010519491231002X"
AGENT_ID = "110105198001010016"


@pytest.fixture
def center(demo, settings, tmp_path):
    settings.BASE_DIR = tmp_path / "site"  # restore writes .secrets.json here, not in the repo
    settings.BASE_DIR.mkdir()
    item = ServiceItem.objects.get(code="jzz-shenling")
    clerk = make_user("clerk", Role.CLERK)
    issue(item.category, 3)
    case = cases.case_accept(
        item=item,
        applicant=cases.Applicant(
            name="张三",
            id_number=ID,
            phone="13812345678",
            agent_name="李四",
            agent_id_number=AGENT_ID,
            agent_phone="13912345678",
        ),
        received=list(item.materials.all()),
        mode=Case.Mode.PROMISED,
        clerk=clerk,
    )
    cases.case_start(case=case)
    cases.notice_issue(
        item=item,
        applicant=cases.Applicant(name="王五", id_number=AGENT_ID, phone="13712345678"),
        missing=list(item.materials.all())[:2],
        clerk=clerk,
    )
    return case


def snapshot() -> dict:
    case = Case.objects.get()
    return {
        "tickets": list(Ticket.objects.values_list("letter", "number", "status")),
        "ticket_history": Ticket.history.count(),
        "case": (case.number, case.stage, case.applicant_name, case.applicant_phone),
        "case_history": list(
            Case.history.order_by("history_id").values_list(
                "history_step", "history_reason", "stage"
            )
        ),
        "materials": case.materials.count(),
        "notices": list(CaseNotice.objects.values_list("serial", "applicant_id_hash")),
        "ids": (case.applicant_id_number, case.agent_id_number),
    }


def wipe() -> None:
    call_command("flush", interactive=False, verbosity=0)
    assert not Case.objects.exists() and not Ticket.objects.exists()


def back_up(tmp_path, capsys) -> tuple:
    call_command("backup", dir=tmp_path / "db", keys_dir=tmp_path / "keys")
    out = capsys.readouterr().out
    (database,) = (tmp_path / "db").iterdir()
    (keys,) = (tmp_path / "keys").iterdir()
    return database, keys, out


def test_backup_wipe_restore_brings_everything_back_and_ids_decrypt(
    center, tmp_path, capsys, settings
):
    before = snapshot()
    assert before["ids"] == (ID, AGENT_ID)
    database, keys, out = back_up(tmp_path, capsys)

    # Date and time in the names; the keys apart, readable by the owner only.
    assert database.name.startswith("servicecenter-20") and keys.name.endswith(".keys.json")
    assert database.name.split(".")[0] == keys.name.split(".")[0]
    assert str(database) in out and str(keys) in out and "apart" in out
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    assert stat.S_IMODE(database.stat().st_mode) == 0o600
    stored = json.loads(keys.read_text())
    assert stored["FIELD_ENCRYPTION_KEYS"] == list(settings.FIELD_ENCRYPTION_KEYS)
    assert stored["PERSONAL_DATA_HASH_KEY"] == settings.PERSONAL_DATA_HASH_KEY
    assert ID not in database.read_bytes().decode("latin-1")  # encrypted in the backup too

    wipe()
    call_command("restore", str(database), keys=str(keys), interactive=False)

    assert snapshot() == before
    case = Case.objects.get()
    assert case.applicant_id_hash == lookup_hash(ID)
    assert Case.objects.filter(applicant_id_hash=lookup_hash(ID)).exists()
    # The keys are back where settings read them, owner-only.
    secrets = settings.BASE_DIR / ".secrets.json"
    assert (
        json.loads(secrets.read_text())["FIELD_ENCRYPTION_KEYS"] == stored["FIELD_ENCRYPTION_KEYS"]
    )
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600


def test_restore_with_keys_that_cannot_decrypt_is_refused_and_changes_nothing(
    center, tmp_path, capsys
):
    database, keys, _out = back_up(tmp_path, capsys)
    wrong = tmp_path / "wrong.keys.json"
    stored = json.loads(keys.read_text())
    wrong.write_text(
        json.dumps({**stored, "FIELD_ENCRYPTION_KEYS": [Fernet.generate_key().decode()]})
    )
    wipe()
    with pytest.raises(CommandError, match="cannot decrypt"):
        call_command("restore", str(database), keys=str(wrong), interactive=False)
    assert not Case.objects.exists()  # nothing restored
    assert not (tmp_path / "site" / ".secrets.json").exists()


def test_restore_with_another_hash_key_is_refused(center, tmp_path, capsys):
    database, keys, _out = back_up(tmp_path, capsys)
    wrong = tmp_path / "wrong.keys.json"
    wrong.write_text(json.dumps({**json.loads(keys.read_text()), "PERSONAL_DATA_HASH_KEY": "x"}))
    with pytest.raises(CommandError, match="PERSONAL_DATA_HASH_KEY"):
        call_command("restore", str(database), keys=str(wrong), interactive=False)


def test_restore_warns_when_the_environment_sets_other_keys(center, tmp_path, capsys, monkeypatch):
    database, keys, _out = back_up(tmp_path, capsys)
    monkeypatch.setenv("PERSONAL_DATA_HASH_KEY", "set-in-the-environment")
    call_command("restore", str(database), keys=str(keys), interactive=False)
    out = capsys.readouterr().out
    assert "PERSONAL_DATA_HASH_KEY" in out and "environment" in out


def test_restore_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello")
    keys = tmp_path / "k.json"
    keys.write_text("{}")
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(junk), keys=str(keys), interactive=False)


def test_restore_asks_first_and_a_no_changes_nothing(center, tmp_path, capsys, monkeypatch):
    database, keys, _out = back_up(tmp_path, capsys)
    wipe()
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(database), keys=str(keys))
    assert not Case.objects.exists()
