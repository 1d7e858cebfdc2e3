"""Settings: defaults, parsing, and one clear line naming the variable when a value is bad."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.errors import ConfigError
from bot.settings import load_settings


def test_defaults_run_offline_on_sqlite_in_swedish() -> None:
    settings = load_settings(env_file=None)
    assert settings.offline
    assert settings.database_url == "sqlite:///bryggan.db"
    assert settings.locale == "sv"
    assert settings.zone.key == "Europe/Stockholm"
    assert settings.slack_api_url == "https://slack.com/api/"


def test_admin_users_are_read_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRYGGAN_ADMIN_USERS", " U0ADMIN1, W0GRID22 ,")
    assert load_settings(env_file=None).admin_users == {"U0ADMIN1", "W0GRID22"}


def test_env_file_is_read(tmp_path: Path) -> None:
    env = tmp_path / "custom.env"
    env.write_text("SLACK_API_URL=http://127.0.0.1:9/api\nBRYGGAN_LOCALE=en\n", encoding="utf-8")
    settings = load_settings(env_file=str(env))
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.locale == "en"


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("BRYGGAN_ADMIN_USERS", "U0ADMIN1,anna", "anna is not a Slack user id"),
        ("BRYGGAN_TIMEZONE", "Europe/Linkoping", "not a known time zone"),
        ("BRYGGAN_LOCALE", "de", "'sv' or 'en'"),
        ("DATABASE_URL", "mysql://localhost/bryggan", "sqlite:///… or postgresql+psycopg://…"),
        ("DATABASE_URL", "not a url", "not a database URL"),
        ("SLACK_BOT_TOKEN", "xoxp-user-token", "starting with xoxb-"),
        ("SLACK_APP_TOKEN", "xoxb-bot", "starting with xapp-"),
        ("SLACK_API_URL", "slack.com/api", "http(s) URL"),
        ("BRYGGAN_OLD_SECRET_KEYS", "not-a-key", "key 1 is not a Fernet key"),
        ("BRYGGAN_PUBLIC_URL", "bryggan.kommun.se", "the http(s) address people reach Bryggan at"),
        (
            "BRYGGAN_PUBLIC_URL",
            "https://bryggan.kommun.se/?x=1",
            "the http(s) address people reach Bryggan at",
        ),
    ],
)
def test_a_malformed_setting_names_its_variable(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, says: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings(env_file=None)
    message = str(raised.value)
    assert message.startswith(f"{variable}: ")
    assert says in message
    assert "\n" not in message


def test_a_missing_secret_names_its_variable() -> None:
    settings = load_settings(env_file=None)
    with pytest.raises(ConfigError, match=r"^SLACK_SIGNING_SECRET is not set"):
        settings.secret("slack_signing_secret")


def test_secrets_are_not_printed() -> None:
    settings = load_settings(env_file=None, SLACK_BOT_TOKEN="xoxb-very-secret")
    assert "very-secret" not in repr(settings)
    assert settings.secret("slack_bot_token") == "xoxb-very-secret"


def test_old_secret_keys_are_read_comma_separated_after_the_newest(monkeypatch: pytest.MonkeyPatch) -> None:
    new, old, older = (Fernet.generate_key().decode() for _ in range(3))
    monkeypatch.setenv("BRYGGAN_SECRET_KEY", new)
    monkeypatch.setenv("BRYGGAN_OLD_SECRET_KEYS", f" {old}, {older} ,")
    settings = load_settings(env_file=None)
    assert settings.text_keys() == [new, old, older]
    assert old not in repr(settings)


def test_oauth_mode_needs_both_client_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not load_settings(env_file=None).oauth
    monkeypatch.setenv("SLACK_CLIENT_ID", "1234567890.0987654321")
    assert not load_settings(env_file=None).oauth  # no secret yet
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "s3cret")
    settings = load_settings(env_file=None)
    assert settings.oauth
    assert settings.slack_authorize_url == "https://slack.com/oauth/v2/authorize"
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:8080/api")
    assert load_settings(env_file=None).slack_authorize_url == "http://127.0.0.1:8080/oauth/v2/authorize"


def test_a_client_id_that_is_not_one_names_its_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_CLIENT_ID", "xoxb-pasted-in-the-wrong-place")
    with pytest.raises(ConfigError, match=r"^SLACK_CLIENT_ID: must be the app's Client ID"):
        load_settings(env_file=None)


def test_the_public_url_is_kept_without_its_trailing_slash(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRYGGAN_PUBLIC_URL", "https://bryggan.kommun.se/eht/")
    assert load_settings(env_file=None).public_url == "https://bryggan.kommun.se/eht"
