"""Settings from the environment and `.env`; a bad value stops start-up with one line naming it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from cryptography.fernet import Fernet
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.errors import ConfigError

_USER_ID = re.compile(r"^(?:[UW][A-Z0-9]{2,}|MU[A-Z2-7]{24})$")  # Slack, or Teams (MU…)
_SUPPORTED_DATABASES = ("sqlite", "postgresql")


def _alias(name: str) -> dict[str, str]:
    return {"validation_alias": name, "alias": name}


class Settings(BaseSettings):
    """Every setting Bryggan reads; attribute names drop the env prefix."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True, frozen=True
    )

    slack_bot_token: SecretStr | None = Field(default=None, **_alias("SLACK_BOT_TOKEN"))
    slack_signing_secret: SecretStr | None = Field(default=None, **_alias("SLACK_SIGNING_SECRET"))
    slack_app_token: SecretStr | None = Field(default=None, **_alias("SLACK_APP_TOKEN"))
    slack_api_url: str = Field(default="https://slack.com/api/", **_alias("SLACK_API_URL"))
    # Both set: HTTP mode installs into workspaces through Slack's OAuth (README, "Several workspaces").
    slack_client_id: str | None = Field(default=None, **_alias("SLACK_CLIENT_ID"))
    slack_client_secret: SecretStr | None = Field(default=None, **_alias("SLACK_CLIENT_SECRET"))
    database_url: str = Field(default="sqlite:///bryggan.db", **_alias("DATABASE_URL"))
    # Microsoft Teams (`bryggan run --teams`, README "Microsoft Teams"): the Azure bot's app id and secret;
    # a tenant id makes it single-tenant. The URLs point the SDK at the local stand-in (offline, tests).
    teams_app_id: str | None = Field(default=None, **_alias("TEAMS_APP_ID"))
    teams_client_secret: SecretStr | None = Field(default=None, **_alias("TEAMS_CLIENT_SECRET"))
    teams_tenant_id: str | None = Field(default=None, **_alias("TEAMS_TENANT_ID"))
    teams_port: int = Field(default=3978, ge=1, le=65535, **_alias("TEAMS_PORT"))
    teams_service_url: str | None = Field(default=None, **_alias("TEAMS_SERVICE_URL"))
    teams_login_url: str | None = Field(default=None, **_alias("TEAMS_LOGIN_URL"))
    teams_openid_metadata_url: str | None = Field(default=None, **_alias("TEAMS_OPENID_METADATA_URL"))
    admin_users: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset(), **_alias("BRYGGAN_ADMIN_USERS")
    )
    locale: Literal["sv", "en"] = Field(default="sv", **_alias("BRYGGAN_LOCALE"))
    timezone: str = Field(default="Europe/Stockholm", **_alias("BRYGGAN_TIMEZONE"))
    intake_text: str = Field(
        default="Ring socialtjänstens mottagning för barn och unga via kommunens växel.",
        min_length=5,
        max_length=300,
        **_alias("BRYGGAN_INTAKE_TEXT"),
    )
    secret_key: SecretStr | None = Field(default=None, **_alias("BRYGGAN_SECRET_KEY"))
    old_secret_keys: Annotated[tuple[SecretStr, ...], NoDecode] = Field(
        default=(), **_alias("BRYGGAN_OLD_SECRET_KEYS")
    )
    fallback_channel: str | None = Field(default=None, **_alias("BRYGGAN_FALLBACK_CHANNEL"))
    report_url: str | None = Field(default=None, **_alias("BRYGGAN_REPORT_URL"))
    # Where people reach Bryggan's HTTP listener from outside; set, each school can have a calendar feed.
    public_url: str | None = Field(default=None, **_alias("BRYGGAN_PUBLIC_URL"))
    on_call_text: str = Field(
        default="socialjouren (numret finns på kommunens webbplats)",
        min_length=5,
        max_length=300,
        **_alias("BRYGGAN_ON_CALL_TEXT"),
    )
    retention_days: int = Field(default=90, ge=1, le=3650, **_alias("BRYGGAN_RETENTION_DAYS"))
    ack_hours: float = Field(default=8, gt=0, le=80, **_alias("BRYGGAN_ACK_HOURS"))
    report_channel: str | None = Field(default=None, **_alias("BRYGGAN_REPORT_CHANNEL"))
    terms: str = Field(default="HT=08-01..12-31,VT=01-01..06-30", **_alias("BRYGGAN_TERMS"))
    school_breaks: Path | None = Field(default=None, **_alias("BRYGGAN_SCHOOL_BREAKS"))
    reminder_grace_minutes: int = Field(
        default=120, ge=0, le=24 * 60, **_alias("BRYGGAN_REMINDER_GRACE_MINUTES")
    )
    metrics_port: int | None = Field(default=None, ge=1, le=65535, **_alias("BRYGGAN_METRICS_PORT"))
    log_format: Literal["json", "console"] = Field(default="json", **_alias("BRYGGAN_LOG_FORMAT"))
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", **_alias("BRYGGAN_LOG_LEVEL")
    )

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_kind(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_client_id")
    @classmethod
    def _client_id(cls, value: str | None) -> str | None:
        # Slack's client ids are two numbers joined by a dot (the app settings' "Client ID").
        if value is not None and not re.match(r"^[0-9]+\.[0-9]+$", value):
            raise ValueError("must be the app's Client ID, like 1234567890.0987654321")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_kind(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp- (scope connections:write)")
        return value

    @field_validator("secret_key")
    @classmethod
    def _secret_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None:
            try:
                Fernet(value.get_secret_value().encode())
            except (ValueError, TypeError) as exc:
                raise ValueError(
                    "must be a Fernet key, 32 url-safe base64-encoded bytes: see README, 'Settings'"
                ) from exc
        return value

    @field_validator("old_secret_keys", mode="before")
    @classmethod
    def _old_secret_keys(cls, value: object) -> tuple[SecretStr, ...]:
        items = value.split(",") if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        raw = [i.get_secret_value() if isinstance(i, SecretStr) else str(i) for i in items]
        keys = [SecretStr(key.strip()) for key in raw if key.strip()]
        for number, key in enumerate(keys, start=1):
            try:
                Fernet(key.get_secret_value().encode())
            except (ValueError, TypeError) as exc:
                raise ValueError(f"key {number} is not a Fernet key: see README, 'Rotating the key'") from exc
        return tuple(keys)

    @field_validator("fallback_channel", "report_channel")
    @classmethod
    def _fallback_channel(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^[CG][A-Z0-9]{2,31}$", value):
            raise ValueError("must be a Slack channel id like C0123ABCD")
        return value

    @field_validator("slack_api_url")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^/\s]+", value):
            raise ValueError("must be an http(s) URL such as https://slack.com/api/")
        return value if value.endswith("/") else value + "/"

    @field_validator("public_url")
    @classmethod
    def _public_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.match(r"^https?://[^/\s?#]+(/[^\s?#]*)?$", value):
            raise ValueError(
                "must be the http(s) address people reach Bryggan at, like https://bryggan.kommun.se"
            )
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError("is not a database URL (e.g. sqlite:///bryggan.db)") from exc
        if url.get_backend_name() not in _SUPPORTED_DATABASES:
            raise ValueError("must be sqlite:///… or postgresql+psycopg://…")
        return value

    @field_validator("admin_users", mode="before")
    @classmethod
    def _admin_users(cls, value: object) -> frozenset[str]:
        items = value.split(",") if isinstance(value, str) else list(value)  # type: ignore[call-overload]
        ids = frozenset(str(item).strip() for item in items if str(item).strip())
        bad = sorted(i for i in ids if not _USER_ID.match(i))
        if bad:
            raise ValueError(f"{', '.join(bad)} is not a Slack user id (like U0123ABCD)")
        return ids

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("is not a known time zone (e.g. Europe/Stockholm)") from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        """The municipality's time zone."""
        return ZoneInfo(self.timezone)

    @property
    def oauth(self) -> bool:
        """True when SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are both set: each workspace installs the app
        through OAuth and gets its own (rotating) token; SLACK_BOT_TOKEN is then not used."""
        return bool(self.slack_client_id) and self.slack_client_secret is not None

    @property
    def slack_authorize_url(self) -> str:
        """Slack's consent page, beside its Web API (https://slack.com/oauth/v2/authorize on Slack)."""
        return self.slack_api_url.removesuffix("api/") + "oauth/v2/authorize"

    @property
    def slack(self) -> bool:
        """True when Slack is configured (a bot token, or OAuth mode): its app and sender are built."""
        return self.slack_bot_token is not None or self.oauth

    @property
    def teams(self) -> bool:
        """True when the Teams bot is configured (TEAMS_APP_ID and TEAMS_CLIENT_SECRET): the outbox
        delivers Teams workspaces' rows."""
        return bool(self.teams_app_id) and self.teams_client_secret is not None

    @property
    def offline(self) -> bool:
        """True when no Slack bot token is set: only the local stand-in can be used."""
        return self.slack_bot_token is None

    def text_keys(self) -> list[str]:
        """The keys for stored texts, newest first: BRYGGAN_SECRET_KEY, then BRYGGAN_OLD_SECRET_KEYS."""
        return [self.secret("secret_key"), *(key.get_secret_value() for key in self.old_secret_keys)]

    def secret(self, name: str) -> str:
        """The value of a required secret setting, or ConfigError naming its variable."""
        value = getattr(self, name)
        if value is None:
            variable = type(self).model_fields[name].alias
            raise ConfigError(f"{variable} is not set: see README, 'Real Slack set-up'")
        return str(value.get_secret_value())


def load_settings(env_file: str | None = ".env", **overrides: object) -> Settings:
    """Read settings from the environment (and `env_file`); ConfigError names the first bad variable."""
    try:
        return Settings(_env_file=env_file, **overrides)  # type: ignore[call-arg]
    except ValidationError as exc:
        first = exc.errors()[0]
        variable = str(first["loc"][0]) if first["loc"] else "settings"
        message = str(first["msg"]).removeprefix("Value error, ")
        raise ConfigError(f"{variable}: {message}") from None
