"""Backups of the database and, kept apart, of the keys that make its personal data readable.

SQLite is copied with its online backup API (consistent while the site runs); PostgreSQL with
pg_dump's custom format and pg_restore. The password goes through PGPASSWORD, never the
command line, where any user of the machine could read it.

The keys file holds:
- FIELD_ENCRYPTION_KEYS: every 身份证号 is encrypted with them; without them they are lost.
- PERSONAL_DATA_HASH_KEY: the keyed hash that finds a resident by 身份证号 (一次性告知 repeats,
  lost-property claims, the director's per-resident page); with another key nothing matches.
- SECRET_KEY: signs sessions and the kiosk's ticket links; with another key everyone is
  signed out and printed ticket links stop working.
"""

import hashlib
import hmac
import json
import os
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.utils import timezone

from servicecenter.personal import EncryptedCharField

KEY_NAMES = ("FIELD_ENCRYPTION_KEYS", "PERSONAL_DATA_HASH_KEY", "SECRET_KEY")
SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why and what to do."""


@dataclass
class Backup:
    database: Path
    keys: Path


def secrets_path() -> Path:
    """Where settings read the generated keys (see servicecenter.secrets_file)."""
    return Path(settings.BASE_DIR) / ".secrets.json"


def _private_file(path: Path) -> None:
    # The dump holds names and phones, the keys file everything else: owner only.
    path.chmod(0o600)


def _new_private_file(path: Path) -> None:
    """Create `path` empty and owner-only before anything is written into it (no moment
    where another user could open it); an existing backup is never overwritten."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    except FileExistsError as exc:
        raise BackupError(f"{path} exists already; try again in a second.") from exc


def database_backup(*, directory: Path, keys_directory: Path | None = None) -> Backup:
    """Write the database to `directory` and the keys to `keys_directory` (default: the same)."""
    keys_directory = keys_directory or directory
    for folder in {directory, keys_directory}:
        folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    suffix = {"sqlite": "sqlite3", "postgresql": "pgdump"}.get(connection.vendor)
    if suffix is None:
        raise BackupError(f"No backup for the {connection.vendor} database.")
    target = directory / f"servicecenter-{stamp}.{suffix}"
    keys = keys_directory / f"servicecenter-{stamp}.keys.json"
    _new_private_file(target)
    _new_private_file(keys)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(target)
        else:
            _pg_run(["pg_dump", "--format=custom", f"--file={target}"], with_database=True)
    except BaseException:
        target.unlink(missing_ok=True)  # no half-written backup or keys without a backup
        keys.unlink(missing_ok=True)
        raise
    keys.write_text(
        json.dumps(
            {
                "backup": target.name,
                "created": timezone.localtime().isoformat(timespec="seconds"),
                "FIELD_ENCRYPTION_KEYS": list(settings.FIELD_ENCRYPTION_KEYS),
                "PERSONAL_DATA_HASH_KEY": settings.PERSONAL_DATA_HASH_KEY,
                "SECRET_KEY": settings.SECRET_KEY,
            },
            indent=2,
        )
    )
    return Backup(database=target, keys=keys)


def _sqlite_backup(target: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        with destination:
            connection.connection.backup(destination)
    finally:
        destination.close()


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if sslmode := db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = sslmode
    return env


def _pg_run(command: list[str], *, with_database: bool) -> str:
    db = connection.settings_dict
    if db.get("HOST"):
        command.append(f"--host={db['HOST']}")
    if db.get("PORT"):
        command.append(f"--port={db['PORT']}")
    if db.get("USER"):
        command.append(f"--username={db['USER']}")
    if with_database:
        command.append(f"--dbname={db['NAME']}")
    try:
        result = subprocess.run(
            command, env=_pg_env(), capture_output=True, text=True, check=False, timeout=3600
        )
    except FileNotFoundError as exc:
        raise BackupError(
            f"{command[0]} is not installed; install PostgreSQL's client "
            "(apt-get install postgresql-client)."
        ) from exc
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")
    return result.stdout


# -- restore --------------------------------------------------------------------------------


def read_keys(path: Path) -> dict:
    try:
        keys = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"Cannot read the keys file {path}: {exc}") from exc
    missing = [name for name in KEY_NAMES if not keys.get(name)] if isinstance(keys, dict) else []
    if not isinstance(keys, dict) or missing:
        raise BackupError(f"{path} is not a keys file of manage.py backup (missing: {missing}).")
    try:
        MultiFernet([Fernet(key) for key in keys["FIELD_ENCRYPTION_KEYS"]])
    except (TypeError, ValueError) as exc:
        raise BackupError(f"{path} holds no valid FIELD_ENCRYPTION_KEYS.") from exc
    return keys


def _encrypted_columns() -> list[tuple[str, str, str | None]]:
    """(table, encrypted column, its hash column or None) of every model with one."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, EncryptedCharField):
                names = {f.attname for f in model._meta.concrete_fields}
                hashes = [field.attname.replace("_number", "_hash"), f"{field.attname}_hash"]
                hash_name = next((name for name in hashes if name in names), None)
                found.append((model._meta.db_table, field.column, hash_name))
    return found


def _sample_sqlite(path: Path) -> tuple[str, str | None] | None:
    """One encrypted value (and its hash) stored in the backup, or None if there is none."""
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        for table, column, hash_column in _encrypted_columns():
            select = f'"{column}"' + (f', "{hash_column}"' if hash_column else ", NULL")
            try:
                row = source.execute(
                    f'SELECT {select} FROM "{table}" WHERE "{column}" <> \'\' LIMIT 1'  # noqa: S608
                ).fetchone()
            except sqlite3.DatabaseError:
                continue  # a table the backup does not have yet
            if row:
                return row[0], row[1]
    finally:
        source.close()
    return None


def _sample_pgdump(path: Path) -> tuple[str, str | None] | None:
    """The same from a pg_dump archive, read with pg_restore to stdout: the database is
    not touched until the keys are known to fit. The table streams; reading stops at the
    first value, so a million cases never sit in memory."""
    for table, column, hash_column in _encrypted_columns():
        command = ["pg_restore", "--data-only", f"--table={table}", "--file=-", str(path)]
        try:
            process = subprocess.Popen(
                command, env=_pg_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
            )
        except FileNotFoundError as exc:
            raise BackupError(
                "pg_restore is not installed (apt-get install postgresql-client)."
            ) from exc
        try:
            columns: list[str] = []
            for line in process.stdout:
                line = line.rstrip("\n")
                if line.startswith("COPY ") and "FROM stdin" in line:
                    header = line[line.index("(") + 1 : line.index(")")]
                    columns = [name.strip().strip('"') for name in header.split(",")]
                elif line == "\\.":
                    columns = []
                elif columns:
                    values = dict(zip(columns, line.split("\t"), strict=False))
                    if values.get(column) not in (None, "", "\\N"):
                        return values[column], values.get(hash_column) if hash_column else None
        finally:
            process.kill()
            process.communicate()
    return None


def check_keys(backup: Path, keys: dict) -> bool:
    """True if the keys read the backup's personal data (False: nothing encrypted in it);
    BackupError if they do not."""
    kind = backup_kind(backup)
    sample = _sample_sqlite(backup) if kind == "sqlite" else _sample_pgdump(backup)
    if sample is None:
        return False
    token, stored_hash = sample
    try:
        clear = MultiFernet([Fernet(k) for k in keys["FIELD_ENCRYPTION_KEYS"]]).decrypt(
            token.encode()
        )
    except InvalidToken as exc:
        raise BackupError(
            "These keys cannot decrypt the 身份证号 in this backup: use the keys file written "
            "with it (same date and time in its name). Nothing was restored."
        ) from exc
    if stored_hash:
        key = keys["PERSONAL_DATA_HASH_KEY"].encode()
        if hmac.new(key, clear.upper(), hashlib.sha256).hexdigest() != stored_hash:
            raise BackupError(
                "The PERSONAL_DATA_HASH_KEY in this keys file does not match the backup: "
                "residents could no longer be found by 身份证号. Nothing was restored."
            )
    return True


def backup_kind(path: Path) -> str:
    try:
        with path.open("rb") as file:
            head = file.read(16)
    except OSError as exc:
        raise BackupError(f"Cannot read the backup {path}: {exc}") from exc
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is not a backup made by manage.py backup.")


def restore_check(*, backup: Path, keys_file: Path) -> dict:
    """The keys, once the backup is known to fit this site and the keys to read it."""
    kind = backup_kind(backup)
    if kind != connection.vendor:
        raise BackupError(
            f"This is a {kind} backup but the site runs on {connection.vendor}; "
            "set DATABASE_URL to match the backup."
        )
    keys = read_keys(keys_file)
    check_keys(backup, keys)
    return keys


def database_restore(*, backup: Path, keys_file: Path) -> list[str]:
    """Replace the database with the backup and put its keys where settings read them.

    Refused, with nothing changed, when the backup is for the other database or the keys do
    not decrypt it. Returns the environment variables that hold other values than the
    restored keys (they override .secrets.json, so they must be changed by hand).
    """
    keys = restore_check(backup=backup, keys_file=keys_file)
    if connection.vendor == "sqlite":
        source = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()  # no open transaction may hold a lock on a table being replaced
        _pg_run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                str(backup),
            ],
            with_database=True,
        )
    _write_secrets(keys)
    return _env_overrides(keys)


def _write_secrets(keys: dict) -> None:
    path = secrets_path()
    data = json.loads(path.read_text()) if path.exists() else {}
    data.update({name: keys[name] for name in KEY_NAMES})
    path.write_text(json.dumps(data, indent=2))
    _private_file(path)


def _env_overrides(keys: dict) -> list[str]:
    differing = []
    for name in KEY_NAMES:
        value = os.environ.get(name)
        if not value:
            continue
        wanted = keys[name]
        if isinstance(wanted, list):
            wanted = ",".join(wanted)
        if value != wanted:
            differing.append(name)
    return differing
