"""Runtime settings from the environment / `.env` (prefix ``GOLDLABEL_``).

The secret key never has a default: on first start it is generated and kept in the data dir,
and known-weak values are refused so a copied example config cannot ship to production.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from goldlabel.core.limits import (
    DEFAULT_MAX_IMPORT_BYTES,
    DEFAULT_MAX_JSON_BODY_BYTES,
    DEFAULT_MAX_MEDIA_BYTES,
)

WEAK_SECRETS = frozenset({"", "secret", "changeme", "change-me", "dev", "test", "password", "goldlabel"})
MIN_SECRET_LENGTH = 32


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOLDLABEL_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("goldlabel-data"))
    database_url: str | None = None
    secret_key: str | None = None
    debug: bool = False
    cors_origins: list[str] = Field(default_factory=list)
    # Cookies get the Secure flag when the public URL is https (or when forced).
    secure_cookies: bool | None = None
    public_url: str = ""
    session_ttl_hours: int = 24 * 7
    lock_ttl_seconds: int = 15 * 60
    login_attempts_per_minute: int = 10
    workers: int | None = Field(default=None, ge=1)  # server processes; None: one per core, at most 4
    # Request bodies, counted as they arrive: an import upload, a media upload, any other body.
    max_import_bytes: int = Field(default=DEFAULT_MAX_IMPORT_BYTES, ge=1)
    max_media_bytes: int = Field(default=DEFAULT_MAX_MEDIA_BYTES, ge=1)
    max_json_body_bytes: int = Field(default=DEFAULT_MAX_JSON_BODY_BYTES, ge=1)

    @field_validator("secret_key")
    @classmethod
    def _refuse_weak(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if value.lower() in WEAK_SECRETS or len(value) < MIN_SECRET_LENGTH:
            raise ValueError(
                f"GOLDLABEL_SECRET_KEY is weak: use at least {MIN_SECRET_LENGTH} random characters "
                "(or unset it and goldlabel generates one in the data dir)"
            )
        return value

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'goldlabel.sqlite3').resolve()}"

    @property
    def cookies_secure(self) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.public_url.startswith("https://")

    def ensure_secret(self) -> str:
        """Return the configured secret, or the one kept in the data dir (created once)."""
        if self.secret_key:
            return self.secret_key
        path = self.data_dir / "secret_key"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key)
        path.chmod(0o600)
        return key
