"""`python -m localslack`: run a stand-in with one demo workspace until interrupted."""

from __future__ import annotations

import argparse
import threading

from localslack.server import LocalSlack


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, seed a demo workspace and serve."""
    parser = argparse.ArgumentParser(prog="localslack", description="A strict, offline Slack stand-in.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=3001)
    parser.add_argument("--team", default="T01")
    parser.add_argument("--bot-token", default="xoxb-local-T01")
    parser.add_argument("--app-token", default="xapp-local-T01")
    parser.add_argument("--signing-secret", default="local-signing-secret")
    args = parser.parse_args(argv)
    slack = LocalSlack(host=args.host, port=args.port)
    ws = slack.add_workspace(
        team_id=args.team,
        bot_token=args.bot_token,
        app_token=args.app_token,
        signing_secret=args.signing_secret,
    )
    ws.add_user(id="U01", name="rektor", real_name="Rita Rektor")
    ws.add_user(id="U02", name="socialsekreterare", real_name="Sam Socialsekreterare")
    ws.add_channel(id="C01", name="berzeliusskolan", members=["U01", "U02"])
    slack.start()
    print(slack.api_url, flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        slack.stop()


if __name__ == "__main__":
    main()
