"""Settings of the web service (``CUSTODES_*``), and the refusal to run in production without keys."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from custodes.accounts.lockout import Lockout
from custodes.errors import ConfigError
from custodes.settings import Settings

__all__ = ["MIN_SECRET", "SESSION_SECRET_FILE", "WebSettings", "write_session_secret"]

MIN_SECRET = 32
SESSION_SECRET_FILE = "session.secret"


class WebSettings(BaseSettings):
    """How the web service runs. Nothing here has a default secret.

    >>> WebSettings(env="development").production
    False
    """

    model_config = SettingsConfigDict(env_prefix="CUSTODES_", frozen=True, extra="ignore")

    env: Literal["development", "production"] = Field(
        default="development", description="production: secure cookies, and refuse to start without keys")
    session_secret: SecretStr | None = Field(
        default=None, description=f"signs session cookies ({MIN_SECRET}+ characters); default: the file "
        f"<data dir>/keys/{SESSION_SECRET_FILE}, written by `custodes accounts session-secret`")
    log_key_file: Path | None = Field(
        default=None, description="the log's private signing key; default <data dir>/keys/log.key")
    session_hours: int = Field(default=12, ge=1, le=24 * 30, description="how long a browser session lasts")
    login_failures_per_account: int = Field(default=5, ge=1, description="password attempts on one user name "
                                            "from one client address before the lockout's delays begin")
    login_failures_per_address: int = Field(default=30, ge=1, description="password attempts from one client "
                                            "address, over all names, before the lockout's delays begin")
    login_delay_seconds: int = Field(default=30, ge=1, description="the lockout's first delay; each further "
                                     "wrong password doubles it")
    login_delay_cap_seconds: int = Field(default=3600, ge=1, description="the lockout's longest delay")
    filings_per_address: int = Field(default=10, ge=1, description="grievances and incident reports the public "
                                     "may file from one client address per filing window")
    filing_window_seconds: int = Field(default=3600, ge=1, description="the public filing rate limit's window")
    escalation_interval_seconds: int = Field(default=3600, ge=0, description="how often the server escalates "
                                             "overdue grievances to the Board (also at start-up); 0: never")
    checkpoint_max_age: int = Field(default=5, ge=0, description="Cache-Control max-age of /log/checkpoint")
    witness_dir: Path | None = Field(
        default=None, description="a witness directory (`custodes witness init`): the server then answers C2SP "
        "tlog-witness add-checkpoint at /log/add-checkpoint; default: not a witness")
    basemap_url: str | None = Field(
        default=None, description="a map tile URL template for the pages' maps, e.g. "
        "https://tile.example.org/{z}/{x}/{y}.png; default: none, the maps draw the mission's own GeoJSON only")
    basemap_attribution: str = Field(default="", description="the attribution the basemap's licence asks for")
    partial_tile_max_age: int = Field(default=60, ge=0, description="Cache-Control max-age of partial tiles")
    max_body_bytes: int = Field(default=2**20, ge=1024, description="the largest request body (bytes) the "
                                "server reads, except on the upload routes")
    max_upload_bytes: int = Field(default=20 * 2**20, ge=1024, description="the largest body of an upload "
                                  "(imports, documents, evidence) from a signed-in request")
    trusted_proxies: str = Field(default="", description="comma-separated addresses (or networks) of the "
                                 "reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed; "
                                 "default: none, the client address is the connection's peer")

    @property
    def proxies(self) -> list[str]:
        """The trusted proxy addresses, or [] when none is configured."""
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    def lockout(self) -> Lockout:
        return Lockout(threshold=self.login_failures_per_account, per_address=self.login_failures_per_address,
                       base_seconds=self.login_delay_seconds,
                       cap_seconds=max(self.login_delay_cap_seconds, self.login_delay_seconds))

    @property
    def production(self) -> bool:
        return self.env == "production"

    def key_file(self, settings: Settings) -> Path:
        return self.log_key_file or settings.key_dir / "log.key"

    def secret_file(self, settings: Settings) -> Path:
        return settings.key_dir / SESSION_SECRET_FILE

    def session_key(self, settings: Settings) -> bytes:
        """The key that signs session cookies.

        In development without a configured secret, a random key for this process only (sessions end
        when the server stops). In production, a missing secret or log signing key is refused.
        """
        self.check(settings)
        if self.session_secret is not None:
            return self.session_secret.get_secret_value().encode()
        path = self.secret_file(settings)
        if path.is_file():
            return path.read_text(encoding="utf-8").strip().encode()
        return secrets.token_bytes(32)

    def check(self, settings: Settings) -> None:
        """Refuse weak or missing keys: a short secret always, a missing one in production."""
        secret = self.session_secret.get_secret_value() if self.session_secret is not None else None
        path = self.secret_file(settings)
        if secret is None and path.is_file():
            secret = path.read_text(encoding="utf-8").strip()
        if secret is not None and len(secret) < MIN_SECRET:
            raise ConfigError(f"the session secret has {len(secret)} characters; it needs at least {MIN_SECRET}: "
                              "run `custodes accounts session-secret --force` to write a new one")
        if not self.production:
            return
        if self.session_secret is None and path.is_file() and path.stat().st_mode & 0o077:
            raise ConfigError(f"production mode refuses to start: {path} can be read by other users "
                              f"(mode {path.stat().st_mode & 0o777:o}); run `chmod 600 {path}`")
        missing = []
        if secret is None:
            missing.append(f"no session secret: set CUSTODES_SESSION_SECRET or run `custodes accounts "
                           f"session-secret` (writes {path})")
        key = self.key_file(settings)
        if not key.is_file():
            missing.append(f"no log signing key at {key}: create it with `custodes init` (the log's keys), or "
                           "point CUSTODES_LOG_KEY_FILE at it")
        if missing:
            raise ConfigError("production mode refuses to start: " + "; ".join(missing))


def write_session_secret(settings: Settings, *, force: bool = False) -> Path:
    """Write a new random session secret to the key directory (mode 0600); refuse to overwrite unless forced."""
    path = settings.key_dir / SESSION_SECRET_FILE
    if path.exists() and not force:
        raise ConfigError(f"{path} exists already; pass --force to replace it (every session then ends)")
    settings.key_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    tmp.touch(mode=0o600)
    tmp.write_text(secrets.token_urlsafe(48) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path
