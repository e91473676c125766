"""Local / embedded settings: what `make run` and `make dev` use.

A secret key is generated once into var/ so a fresh clone starts with no configuration;
set SECRET_KEY in the environment to override it.
"""

import os
import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool


def _local_secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _local_secret_key()
DEBUG = env_bool("DJANGO_DEBUG", True)
