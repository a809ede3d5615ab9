"""The generated secrets of an installation, kept in the git-ignored .secrets.json.

Settings only read this file; `bin/setup` writes it once (`python -m servicecenter.secrets_file`),
so a fresh clone needs no manual key set-up and importing the settings writes nothing. A secret
given in the environment is never generated.
"""

import json
import os
import secrets
import sys
from pathlib import Path

from cryptography.fernet import Fernet

PATH = Path(__file__).resolve().parent.parent / ".secrets.json"
GENERATORS = {
    "SECRET_KEY": lambda: secrets.token_urlsafe(50),
    "FIELD_ENCRYPTION_KEYS": lambda: [Fernet.generate_key().decode()],
    "PERSONAL_DATA_HASH_KEY": lambda: secrets.token_urlsafe(32),
}


def read(path: Path | None = None) -> dict:
    path = path or PATH
    return json.loads(path.read_text()) if path.exists() else {}


def write_missing(path: Path | None = None, environ: dict | None = None) -> list[str]:
    """Generate the secrets that neither the environment nor the file holds; their names."""
    path = path or PATH
    environ = os.environ if environ is None else environ
    data = read(path)
    missing = [name for name in GENERATORS if name not in data and not environ.get(name)]
    if missing:
        data.update({name: GENERATORS[name]() for name in missing})
        path.touch(mode=0o600)
        path.chmod(0o600)
        path.write_text(json.dumps(data, indent=2))
    return missing


if __name__ == "__main__":
    made = write_missing()
    if made:
        print(f"Generated {', '.join(made)} into {PATH.name}", file=sys.stderr)
