"""Slack installations: slack_sdk's store on Bryggan's tables, every token sealed at rest."""

from __future__ import annotations

from cryptography.fernet import Fernet
from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import select, text

from bot.crypto import TextBox
from storage.db import make_engine, make_sessions
from storage.installations import OAuthStateStore, SealedInstallationStore
from storage.models import SLACK_BOTS
from storage.sealed_texts import reseal_texts

BOT_TOKEN = "xoxe.xoxb-1-T0AAA-secret-bot-token"
REFRESH_TOKEN = "xoxe-1-T0AAA-secret-refresh-token"
USER_TOKEN = "xoxp-1-T0AAA-secret-user-token"


def _installation(team_id: str = "T0AAA", bot_token: str = BOT_TOKEN) -> Installation:
    return Installation(
        app_id="A0BRYGGAN",
        team_id=team_id,
        team_name="Norrköpings kommun",
        bot_token=bot_token,
        bot_id="B0AAA",
        bot_user_id="U0BOTAAA",
        bot_scopes="commands,chat:write",
        bot_refresh_token=REFRESH_TOKEN,
        bot_token_expires_in=43200,
        user_id="U0INSTALL",
        user_token=USER_TOKEN,
        user_scopes="",
    )


def test_tokens_are_sealed_in_the_tables_and_plain_to_the_store(database_url: str) -> None:
    engine = make_engine(database_url)
    store = SealedInstallationStore(
        client_id="111.222", engine=engine, box=TextBox(Fernet.generate_key().decode())
    )
    store.save(_installation())

    bot = store.find_bot(enterprise_id=None, team_id="T0AAA")
    assert bot is not None
    assert (bot.bot_token, bot.bot_refresh_token, bot.bot_user_id) == (BOT_TOKEN, REFRESH_TOKEN, "U0BOTAAA")
    installation = store.find_installation(enterprise_id=None, team_id="T0AAA")
    assert installation is not None
    assert installation.user_token == USER_TOKEN
    assert store.find_bot(enterprise_id=None, team_id="T0OTHER") is None

    with engine.connect() as connection:
        for table in ("slack_installations", "slack_bots"):
            rows = connection.execute(text(f"SELECT * FROM {table}")).mappings().all()  # noqa: S608
            assert rows, table
            raw = repr([dict(row) for row in rows])
            for secret in (BOT_TOKEN, REFRESH_TOKEN, USER_TOKEN, "secret"):
                assert secret not in raw, (table, secret)
    engine.dispose()


def test_a_key_rotation_reseals_the_tokens(database_url: str) -> None:
    engine = make_engine(database_url)
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    SealedInstallationStore(client_id="111.222", engine=engine, box=TextBox(old)).save(_installation())
    rotated = TextBox(new, old)
    with make_sessions(engine).begin() as session:
        before = session.scalar(select(SLACK_BOTS.c.bot_token))
        reseal_texts(session, reseal=rotated.reseal)
        after = session.scalar(select(SLACK_BOTS.c.bot_token))
    assert before != after

    # The old key is gone: the new one alone opens every token.
    bot = SealedInstallationStore(client_id="111.222", engine=engine, box=TextBox(new)).find_bot(
        enterprise_id=None, team_id="T0AAA"
    )
    assert bot is not None
    assert (bot.bot_token, bot.bot_refresh_token) == (BOT_TOKEN, REFRESH_TOKEN)
    engine.dispose()


def test_an_oauth_state_is_used_once(database_url: str) -> None:
    engine = make_engine(database_url)
    states = OAuthStateStore(engine=engine, expiration_seconds=600)
    state = states.issue()
    assert states.consume(state)
    assert not states.consume(state)
    engine.dispose()
