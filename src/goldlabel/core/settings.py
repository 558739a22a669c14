"""Runtime settings from the environment / `.env` (prefix ``GOLDLABEL_``).

There is no secret key: sessions and API tokens are random values stored as digests, and
nothing is signed, so no server-wide secret exists that could leak or be left at a default.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from goldlabel.core.limits import (
    DEFAULT_MAX_IMPORT_BYTES,
    DEFAULT_MAX_JSON_BODY_BYTES,
    DEFAULT_MAX_MEDIA_BYTES,
)

# The names a server on this machine is reached by; GOLDLABEL_ALLOWED_HOSTS replaces them.
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GOLDLABEL_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("goldlabel-data"))
    database_url: str | None = None
    debug: bool = False
    cors_origins: list[str] = Field(default_factory=list)
    # Cookies get the Secure flag when the public URL is https (or when forced).
    secure_cookies: bool | None = None
    public_url: str = ""
    # Host header values the server answers (a leading "*." matches subdomains, "*" anything);
    # None: the local names plus the public URL's host.
    allowed_hosts: list[str] | None = None
    session_ttl_hours: int = 24 * 7
    lock_ttl_seconds: int = 15 * 60
    login_attempts_per_minute: int = 10
    # How often each server process runs its due background jobs (final labels, alerts); 0: never.
    background_interval_seconds: float = Field(default=1.0, ge=0.0)
    # Alert webhooks may reach loopback, private and link-local addresses (tests, one machine).
    webhook_allow_private: bool = False
    workers: int | None = Field(default=None, ge=1)  # server processes; None: one per core, at most 4
    # Request bodies, counted as they arrive: an import upload, a media upload, any other body.
    max_import_bytes: int = Field(default=DEFAULT_MAX_IMPORT_BYTES, ge=1)
    max_media_bytes: int = Field(default=DEFAULT_MAX_MEDIA_BYTES, ge=1)
    max_json_body_bytes: int = Field(default=DEFAULT_MAX_JSON_BODY_BYTES, ge=1)

    @field_validator("allowed_hosts")
    @classmethod
    def _clean_hosts(cls, hosts: list[str] | None) -> list[str] | None:
        if hosts is None:
            return None
        cleaned = [h.strip().lower() for h in hosts if h.strip()]
        for host in cleaned:
            if "*" in host and host != "*" and not (host.startswith("*.") and "*" not in host[1:]):
                raise ValueError(f"allowed host {host!r}: a wildcard is '*' alone or a leading '*.'")
        return cleaned

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"

    @property
    def effective_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.data_dir / 'goldlabel.sqlite3').resolve()}"

    @property
    def is_https(self) -> bool:
        return self.public_url.startswith("https://")

    @property
    def cookies_secure(self) -> bool:
        if self.secure_cookies is not None:
            return self.secure_cookies
        return self.is_https

    @property
    def effective_allowed_hosts(self) -> list[str]:
        if self.allowed_hosts is not None:
            return self.allowed_hosts
        public = urlsplit(self.public_url).hostname if self.public_url else None
        return [*LOCAL_HOSTS, *([public.lower()] if public else [])]
