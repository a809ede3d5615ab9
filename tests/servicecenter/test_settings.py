import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x7!" * 20 + "a-long-random-production-secret",
    "ALLOWED_HOSTS": "center.example.cn",
    "CSRF_TRUSTED_ORIGINS": "https://center.example.cn",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    ignored = {"DEBUG", "HTTPS", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in ignored}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_environment():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def settings_value(expression: str, **env: str) -> str:
    code = f"from django.conf import settings; print({expression})"
    result = run_manage("shell", "--no-imports", "-c", code, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_database_url_selects_postgresql_and_its_absence_sqlite():
    engine = "settings.DATABASES['default']['ENGINE']"
    url = "postgres://center:secret@127.0.0.1:5432/center"
    assert settings_value(engine, DATABASE_URL=url) == "django.db.backends.postgresql"
    assert settings_value(engine, DATABASE_URL="") == "django.db.backends.sqlite3"


def test_cache_is_shared_redis_when_configured_else_database():
    backend = "settings.CACHES['default']['BACKEND']"
    redis = settings_value(backend, REDIS_URL="redis://127.0.0.1:6379/0")
    assert redis == "django.core.cache.backends.redis.RedisCache"
    assert settings_value(backend, REDIS_URL="") == "servicecenter.busy.DatabaseCache"


def test_debug_is_off_unless_asked_for():
    assert settings_value("settings.DEBUG") == "False"
    assert settings_value("settings.DEBUG", DEBUG="1") == "True"


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert "en" in dict(settings.LANGUAGES)
    assert settings.TIME_ZONE == "Asia/Shanghai"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite set-up")
@pytest.mark.django_db
def test_sqlite_uses_wal_and_immediate_transactions():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert str(connection.settings_dict["NAME"]) != ":memory:"


def import_settings(secrets_path, **env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, with .secrets.json at `secrets_path`."""
    code = (
        "import pathlib, servicecenter.secrets_file as f; "
        f"f.PATH = pathlib.Path({str(secrets_path)!r}); "
        "import servicecenter.settings"
    )
    keys = {"SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "PERSONAL_DATA_HASH_KEY", "DEBUG"}
    clean = {k: v for k, v in os.environ.items() if k not in keys}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


SECRETS_ENV = {
    "SECRET_KEY": "k" * 50,
    "FIELD_ENCRYPTION_KEYS": "aW-6BGd2v6a4v4xXyH0Qq7mJxk6qvV5b9nC3q1Lk2pQ=",
    "PERSONAL_DATA_HASH_KEY": "h" * 32,
}


def test_importing_the_settings_writes_no_secrets_file(tmp_path):
    result = import_settings(tmp_path / "secrets.json", **SECRETS_ENV)
    assert result.returncode == 0, result.stderr
    assert not (tmp_path / "secrets.json").exists()


def test_missing_secrets_say_to_run_setup_instead_of_being_written(tmp_path):
    result = import_settings(tmp_path / "secrets.json")
    assert result.returncode != 0
    assert "SECRET_KEY is not set: run bin/setup" in result.stderr
    assert not (tmp_path / "secrets.json").exists()


def test_setup_generates_only_the_secrets_the_environment_lacks(tmp_path):
    from servicecenter import secrets_file

    path = tmp_path / "secrets.json"
    made = secrets_file.write_missing(path, {"SECRET_KEY": "from-the-environment"})
    assert made == ["FIELD_ENCRYPTION_KEYS", "PERSONAL_DATA_HASH_KEY"]
    assert set(secrets_file.read(path)) == {"FIELD_ENCRYPTION_KEYS", "PERSONAL_DATA_HASH_KEY"}
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert secrets_file.write_missing(path, {"SECRET_KEY": "x"}) == []  # a second run keeps them


@pytest.mark.parametrize("value", ["ture", "2", "enabled"])
def test_a_malformed_boolean_is_an_error_not_false(tmp_path, value):
    result = import_settings(tmp_path / "secrets.json", DEBUG=value, **SECRETS_ENV)
    assert result.returncode != 0
    assert f"DEBUG={value!r}" in result.stderr
